// Fuzzes the psirt-action/1 reader. A refusal must be one line naming the
// document; an accepted manifest must satisfy every invariant action.h's
// contract promises the executors, re-checked here by code independent of
// the reader's own rules (manifest_rules.cc).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>

#include "agent/action/manifest.h"

namespace {

using namespace psirt::action;

void require(bool ok) {
  if (!ok) std::abort();
}

bool control(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool validId(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '.' || s[0] == '-' || s[0] == '_') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

// Absolute and normalised: splitting on '/' gives no empty, "." or ".." part.
bool validPath(const std::string& p, bool may_be_root) {
  if (p == "/") return may_be_root;
  if (p.empty() || p[0] != '/' || p.size() > 4096) return false;
  if (std::any_of(p.begin(), p.end(), [](char c) { return control(static_cast<unsigned char>(c)); }))
    return false;
  std::string part;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '/') {
      if (part.empty() || part == "." || part == "..") return false;
      part.clear();
    } else {
      part += p[i];
    }
  }
  return true;
}

bool validArtifact(const std::string& a) {
  const std::string prefix = "artifacts/";
  if (a.compare(0, prefix.size(), prefix) != 0 || a.size() == prefix.size()) return false;
  const std::string file = a.substr(prefix.size());
  return file[0] != '.' && file.find('/') == std::string::npos && file.size() <= 200;
}

bool validArgs(const std::vector<std::string>& args) {
  return args.size() <= kMaxArgs && std::all_of(args.begin(), args.end(), [](const std::string& a) {
           return a.size() <= kMaxStringBytes && a.find('\0') == std::string::npos;
         });
}

void checkStep(const Step& step) {
  require(validId(step.id));
  std::visit(
      [](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, InstallPackage>) {
          require(validArtifact(s.artifact) && !s.package.empty() && !s.version.empty());
          require(!s.rollback_artifact ||
                  (validArtifact(*s.rollback_artifact) && *s.rollback_artifact != s.artifact));
        } else if constexpr (std::is_same_v<T, ReplaceFile>) {
          require(validPath(s.path, false) && validArtifact(s.artifact) && s.mode <= 07777);
        } else if constexpr (std::is_same_v<T, SetConfig>) {
          require(validPath(s.path, false) && !s.key.empty());
          require(s.format == ConfigFormat::kIni || s.section.empty());
          if (s.format == ConfigFormat::kJson) require(s.key[0] == '/');
          if (s.format != ConfigFormat::kJson) {
            require(s.key.find('=') == std::string::npos && s.value.find('\n') == std::string::npos);
          }
        } else if constexpr (std::is_same_v<T, Service>) {
          require(!s.name.empty() && s.name.size() <= 128 && s.name[0] != '-' &&
                  s.name.find('/') == std::string::npos);
        } else {
          require(validArtifact(s.artifact) && validArgs(s.args) && validArgs(s.revert_args));
          require(!s.check_args || validArgs(*s.check_args));
          require(s.timeout.count() >= 1 && s.timeout.count() <= kMaxTimeoutSeconds);
          require(!s.success_exit_codes.empty() && s.success_exit_codes.size() <= kMaxListItems);
          for (int c : s.success_exit_codes) require(c >= 0 && c <= 255);
          require(s.revert_artifact || s.revert_args.empty());
          require(!s.revert_artifact || validArtifact(*s.revert_artifact));
        }
      },
      step.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto a = parseActionManifest(bytes, "fuzz.json");
  if (!a) {
    const std::string line = a.error().describe();
    require(line.rfind("fuzz.json: ", 0) == 0 && line.find('\n') == std::string::npos);
    return 0;
  }
  require(validId(a->id) && !a->title.empty() && !a->advisories.empty() && !a->product_ids.empty());
  require(!a->steps.empty() && a->steps.size() <= kMaxSteps);
  require(!a->preconditions.identity.empty() && a->preconditions.vers.rfind("vers:", 0) == 0);
  require(validPath(a->preconditions.free_space_path, true));
  for (std::size_t i = 0; i < a->steps.size(); ++i) {
    checkStep(a->steps[i]);
    for (std::size_t j = 0; j < i; ++j) require(a->steps[j].id != a->steps[i].id);
  }
  for (const std::string& artifact : a->artifacts()) require(validArtifact(artifact));
  return 0;
}
