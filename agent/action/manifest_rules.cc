// Syntax rules of psirt-action/1 values (manifest_rules.h).
#include "agent/action/manifest_rules.h"

#include <algorithm>

namespace psirt::action::rules {
namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool anyControl(std::string_view s) { return std::any_of(s.begin(), s.end(), control); }

// first character in `first` (alnum plus extra), the rest alnum plus `rest`.
std::string charset(std::string_view s, std::size_t max, std::string_view first_extra,
                    std::string_view rest_extra, const char* pattern) {
  if (s.empty()) return "is empty";
  if (s.size() > max) return "is longer than " + std::to_string(max) + " bytes";
  auto in = [](char c, std::string_view extra) {
    return alnum(c) || extra.find(c) != std::string_view::npos;
  };
  if (!in(s[0], first_extra)) return std::string("must match ") + pattern;
  for (char c : s.substr(1)) {
    if (!in(c, rest_extra)) return std::string("must match ") + pattern;
  }
  return {};
}

}  // namespace

std::string id(std::string_view s) { return charset(s, 64, "", "._-", "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"); }

std::string path(std::string_view s, bool allow_root) {
  if (s.empty()) return "is empty";
  if (s.size() > 4096) return "is longer than 4096 bytes";
  if (s[0] != '/') return "is not absolute";
  if (anyControl(s)) return "holds a control byte";
  if (s == "/") return allow_root ? std::string() : "names the root directory, not a file";
  if (s.back() == '/') return "ends with '/'";
  std::size_t start = 1;
  while (start <= s.size()) {
    std::size_t end = s.find('/', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view part = s.substr(start, end - start);
    if (part.empty()) return "holds \"//\"";
    if (part == ".") return "has a '.' component";
    if (part == "..") return "has a '..' component";
    start = end + 1;
  }
  return {};
}

std::string artifact(std::string_view s) {
  constexpr std::string_view kPrefix = "artifacts/";
  if (s.substr(0, kPrefix.size()) != kPrefix) return "must start with \"artifacts/\"";
  const std::string_view file = s.substr(kPrefix.size());
  if (!charset(file, 200, "_+-", "._+-", "").empty()) {
    return "must be \"artifacts/\" and one file name [A-Za-z0-9_+-][A-Za-z0-9._+-]{0,199}";
  }
  return {};
}

std::string jsonPointer(std::string_view s) {
  if (s.empty()) return "is empty (the whole document is not a member)";
  if (s[0] != '/') return "is not a JSON pointer (must start with '/')";
  if (anyControl(s)) return "holds a control byte";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) {
      return "has '~' not followed by '0' or '1'";
    }
  }
  return {};
}

std::string text(std::string_view s) {
  if (s.empty()) return "is empty";
  if (anyControl(s)) return "holds a control byte";
  if (s.front() == ' ' || s.back() == ' ') return "has a leading or trailing space";
  return {};
}

std::string packageName(std::string_view s) {
  return charset(s, 128, "", "+._~-", "[A-Za-z0-9][A-Za-z0-9+._~-]{0,127}");
}

std::string serviceName(std::string_view s) {
  return charset(s, 128, "", "@._-", "[A-Za-z0-9][A-Za-z0-9@._-]{0,127}");
}

std::string accountName(std::string_view s) {
  std::string why = charset(s, 32, "_", "_.-", "[A-Za-z_][A-Za-z0-9_.-]{0,31}");
  if (why.empty() && s[0] >= '0' && s[0] <= '9') why = "must match [A-Za-z_][A-Za-z0-9_.-]{0,31}";
  return why;
}

std::string architecture(std::string_view s) {
  return charset(s, 32, "_", "_.-", "[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");
}

std::string configKey(std::string_view s) {
  if (s.empty()) return "is empty";
  if (s.size() > 256) return "is longer than 256 bytes";
  if (anyControl(s)) return "holds a control byte";
  if (s.find('=') != std::string_view::npos) return "holds '='";
  if (s.front() == ' ' || s.back() == ' ') return "has a leading or trailing space";
  if (s[0] == '#' || s[0] == ';' || s[0] == '[') return "starts with '#', ';' or '['";
  return {};
}

std::string iniSection(std::string_view s) {
  if (anyControl(s)) return "holds a control byte";
  if (s.find_first_of("[]") != std::string_view::npos) return "holds '[' or ']'";
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return "has a leading or trailing space";
  return {};
}

std::string configValue(std::string_view s) {
  if (std::any_of(s.begin(), s.end(), [](char c) { return c != '\t' && control(c); }))
    return "holds a control byte";
  return {};
}

}  // namespace psirt::action::rules
