#include "agent/cli/args.h"

#include "agent/cli/exit_codes.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::getAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<ParsedArgs> parseArgs(std::span<const std::string> args, const std::vector<OptionSpec>& specs) {
  ParsedArgs out;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-' || a == "-") {
      out.positionals_.push_back(a);
      continue;
    }
    if (a == "--") { options_done = true; continue; }
    if (a == "-h" || a == "--help") { out.values_["help"].push_back(""); continue; }
    if (a.rfind("--", 0) != 0) {
      return makeError(ErrorCategory::kUsage, "unknown option '" + a + "'");
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) if (s.name == name) spec = &s;
    if (spec == nullptr) return makeError(ErrorCategory::kUsage, "unknown option '--" + name + "'");
    if (!spec->repeatable && out.values_.count(name) != 0) {
      return makeError(ErrorCategory::kUsage, "option '--" + name + "' given twice");
    }
    if (!spec->takes_value) {
      if (inline_value) return makeError(ErrorCategory::kUsage, "option '--" + name + "' takes no value");
      out.values_[name].push_back("");
      continue;
    }
    if (inline_value) {
      out.values_[name].push_back(*inline_value);
    } else if (i + 1 < args.size()) {
      out.values_[name].push_back(args[++i]);
    } else {
      return makeError(ErrorCategory::kUsage, "option '--" + name + "' needs a value");
    }
  }
  return out;
}

int finishOutput(std::string_view source, int status) {
  if (Status st = fs::finishStandardOutput(); !st) {
    log::write(source, st.error().describe());
    return status == kExitOk ? kExitError : status;
  }
  return status;
}

int usageError(std::string_view command, const Error& error) {
  log::write("psirt-agent " + std::string(command), error.describe() + " (see --help)");
  return kExitUsage;
}

}  // namespace psirt::cli
