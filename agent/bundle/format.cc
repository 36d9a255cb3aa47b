#include "agent/bundle/format.h"

#include <string>

#include "platform/log/log.h"

namespace psirt::bundle {

std::string printableName(std::string_view name) {
  std::string out = log::oneLine(name.substr(0, 200));
  if (name.size() > 200) out += "...";
  return out;
}

Status validateName(std::string_view name, std::size_t max_name_bytes) {
  auto bad = [&](const std::string& why) {
    return makeError(ErrorCategory::kParse, "bad entry name: " + why, "'" + printableName(name) + "'");
  };
  if (name.empty()) return bad("empty name");
  if (name.size() > max_name_bytes) {
    return makeError(ErrorCategory::kLimit,
                     "entry name of " + std::to_string(name.size()) + " bytes exceeds the limit of " +
                         std::to_string(max_name_bytes),
                     "'" + printableName(name) + "'");
  }
  if (name.front() == '/') return bad("absolute path");
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return bad("NUL byte");
    if (c < 0x20 || c == 0x7f) return bad("control character");
    if (c == '\\') return bad("backslash");
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    const std::string_view part = name.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part.empty()) return bad("empty path component");
    if (part == "..") return bad("'..' component");
    if (part == ".") return bad("'.' component");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return okStatus();
}

}  // namespace psirt::bundle
