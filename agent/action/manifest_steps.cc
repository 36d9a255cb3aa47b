// The five step types of psirt-action/1 (docs/formats/action.md, "Steps").
#include <algorithm>

#include "agent/action/action.h"
#include "agent/action/manifest.h"
#include "agent/action/manifest_reader.h"
#include "agent/action/manifest_rules.h"
#include "agent/json/json.h"
#include "agent/versions/version.h"

namespace psirt::action {
namespace {

Result<StepBody> installPackage(const ManifestReader& r, const json::View& v) {
  PSIRT_TRY(r.members(
      v, {"id", "type", "format", "package", "version", "artifact", "rollback_artifact", "allow_downgrade"}));
  InstallPackage s;
  PSIRT_ASSIGN_OR_RETURN(format, r.choice(v, "format", {"dpkg", "rpm", "opkg"}));
  s.format = static_cast<PackageFormat>(format);
  PSIRT_ASSIGN_OR_RETURN(package, r.string(v, "package", rules::packageName));
  s.package = std::move(package);
  PSIRT_ASSIGN_OR_RETURN(version, r.string(v, "version", rules::text));
  constexpr versions::Scheme kSchemes[] = {versions::Scheme::kDeb, versions::Scheme::kRpm,
                                           versions::Scheme::kOpkg};
  if (auto parsed = versions::parse(kSchemes[format], version); !parsed) {
    return r.fault(*v.find("version"), "not a valid " + std::string(format == 1 ? "rpm" : "dpkg") +
                                           " version: " + parsed.error().message);
  }
  s.version = std::move(version);
  PSIRT_ASSIGN_OR_RETURN(artifact, r.string(v, "artifact", rules::artifact));
  s.artifact = std::move(artifact);
  PSIRT_ASSIGN_OR_RETURN(rollback, r.optionalString(v, "rollback_artifact", rules::artifact));
  if (rollback && *rollback == s.artifact) {
    return r.fault(*v.find("rollback_artifact"),
                   "is the step's own artifact (a rollback installs the previous version)");
  }
  s.rollback_artifact = std::move(rollback);
  PSIRT_ASSIGN_OR_RETURN(downgrade, r.optionalBool(v, "allow_downgrade"));
  s.allow_downgrade = downgrade.value_or(false);
  return StepBody(std::move(s));
}

// The file a replace_file or set_config step changes ("/" is no file).
Result<std::string> filePath(const ManifestReader& r, const json::View& v) {
  return r.string(v, "path", [](std::string_view p) { return rules::path(p, false); });
}

Result<StepBody> replaceFile(const ManifestReader& r, const json::View& v) {
  PSIRT_TRY(r.members(v, {"id", "type", "path", "artifact", "mode", "owner", "group"}));
  ReplaceFile s;
  PSIRT_ASSIGN_OR_RETURN(path, filePath(r, v));
  s.path = std::move(path);
  PSIRT_ASSIGN_OR_RETURN(artifact, r.string(v, "artifact", rules::artifact));
  s.artifact = std::move(artifact);
  PSIRT_ASSIGN_OR_RETURN(mode, r.optionalString(v, "mode", [](std::string_view m) -> std::string {
    const bool octal = (m.size() == 3 || m.size() == 4) &&
                       std::all_of(m.begin(), m.end(), [](char c) { return c >= '0' && c <= '7'; });
    return octal ? std::string() : "is not an octal mode of 3 or 4 digits (\"0644\", at most \"7777\")";
  }));
  if (mode) s.mode = static_cast<std::uint32_t>(std::stoul(*mode, nullptr, 8));
  PSIRT_ASSIGN_OR_RETURN(owner, r.optionalString(v, "owner", rules::accountName));
  s.owner = std::move(owner);
  PSIRT_ASSIGN_OR_RETURN(group, r.optionalString(v, "group", rules::accountName));
  s.group = std::move(group);
  return StepBody(std::move(s));
}

Result<StepBody> setConfig(const ManifestReader& r, const json::View& v) {
  PSIRT_TRY(r.members(v, {"id", "type", "path", "format", "section", "key", "value"}));
  SetConfig s;
  PSIRT_ASSIGN_OR_RETURN(path, filePath(r, v));
  s.path = std::move(path);
  PSIRT_ASSIGN_OR_RETURN(format, r.choice(v, "format", {"ini", "key_value", "json"}));
  s.format = static_cast<ConfigFormat>(format);
  PSIRT_ASSIGN_OR_RETURN(section, r.optionalString(v, "section", rules::iniSection));
  if (section && s.format != ConfigFormat::kIni)
    return r.fault(*v.find("section"), "only an ini file has sections");
  s.section = section.value_or("");
  const bool json = s.format == ConfigFormat::kJson;
  PSIRT_ASSIGN_OR_RETURN(key, r.string(v, "key", json ? rules::jsonPointer : rules::configKey));
  s.key = std::move(key);
  PSIRT_ASSIGN_OR_RETURN(value, r.string(v, "value", json ? nullptr : rules::configValue));
  if (json) {
    json::ParseOptions options;
    options.max_bytes = kMaxStringBytes;
    options.max_depth = 16;
    if (auto parsed = json::Document::parse(value, options); !parsed) {
      return r.fault(*v.find("value"), "is not one JSON value: " + parsed.error().describe());
    }
  }
  s.value = std::move(value);
  return StepBody(std::move(s));
}

Result<StepBody> service(const ManifestReader& r, const json::View& v) {
  PSIRT_TRY(r.members(v, {"id", "type", "operation", "name"}));
  Service s;
  PSIRT_ASSIGN_OR_RETURN(op, r.choice(v, "operation", {"start", "stop", "restart", "enable", "disable"}));
  s.operation = static_cast<ServiceOperation>(op);
  PSIRT_ASSIGN_OR_RETURN(name, r.string(v, "name", rules::serviceName));
  s.name = std::move(name);
  return StepBody(std::move(s));
}

// Arguments are argv elements: any bytes but NUL (the JSON reader has already
// refused invalid UTF-8), at most kMaxStringBytes each.
std::string argument(std::string_view a) {
  return a.find('\0') == std::string_view::npos ? std::string() : "holds a NUL byte";
}

Result<StepBody> runScript(const ManifestReader& r, const json::View& v) {
  PSIRT_TRY(r.members(v, {"id", "type", "artifact", "args", "check_args", "timeout_seconds",
                          "success_exit_codes", "revert_artifact", "revert_args"}));
  RunScript s;
  PSIRT_ASSIGN_OR_RETURN(artifact, r.string(v, "artifact", rules::artifact));
  s.artifact = std::move(artifact);
  PSIRT_ASSIGN_OR_RETURN(args, r.optionalStrings(v, "args", argument, kMaxArgs, true, false));
  s.args = args.value_or(std::vector<std::string>{});
  PSIRT_ASSIGN_OR_RETURN(check, r.optionalStrings(v, "check_args", argument, kMaxArgs, true, false));
  s.check_args = std::move(check);
  PSIRT_ASSIGN_OR_RETURN(timeout, r.optionalInteger(v, "timeout_seconds", 1, kMaxTimeoutSeconds));
  if (timeout) s.timeout = std::chrono::seconds(*timeout);
  if (auto codes = v.find("success_exit_codes")) {
    if (!codes->isArray()) return r.wrongType(*codes, "array");
    if (codes->empty()) return r.fault(*codes, "is empty (at least one element)");
    if (codes->size() > kMaxListItems) {
      return r.fault(codes->pointer(), "has more than " + std::to_string(kMaxListItems) + " elements",
                     ErrorCategory::kLimit);
    }
    s.success_exit_codes.clear();
    for (const json::View& c : codes->elements()) {
      if (!c.isInteger() || c.asInteger(-1) < 0 || c.asInteger(-1) > 255) {
        return r.fault(c, "is not an exit code (an integer 0..255)");
      }
      const int code = static_cast<int>(c.asInteger());
      if (std::find(s.success_exit_codes.begin(), s.success_exit_codes.end(), code) !=
          s.success_exit_codes.end()) {
        return r.fault(c, std::to_string(code) + " repeats an earlier element");
      }
      s.success_exit_codes.push_back(code);
    }
  }
  PSIRT_ASSIGN_OR_RETURN(revert, r.optionalString(v, "revert_artifact", rules::artifact));
  s.revert_artifact = std::move(revert);
  PSIRT_ASSIGN_OR_RETURN(revert_args, r.optionalStrings(v, "revert_args", argument, kMaxArgs, true, false));
  if (revert_args && !s.revert_artifact) {
    return r.fault(*v.find("revert_args"), "given without revert_artifact (nothing would run them)");
  }
  s.revert_args = revert_args.value_or(std::vector<std::string>{});
  return StepBody(std::move(s));
}

}  // namespace

Result<Step> readStep(const ManifestReader& r, const json::View& v) {
  if (!v.isObject()) return r.wrongType(v, "object");
  Step step;
  PSIRT_ASSIGN_OR_RETURN(id, r.string(v, "id", rules::id));
  step.id = std::move(id);
  PSIRT_ASSIGN_OR_RETURN(
      type, r.choice(v, "type", {"install_package", "replace_file", "set_config", "service", "run_script"}));
  using Reader = Result<StepBody> (*)(const ManifestReader&, const json::View&);
  constexpr Reader kReaders[] = {installPackage, replaceFile, setConfig, service, runScript};
  static_assert(std::size(kReaders) == std::variant_size_v<StepBody>);
  PSIRT_ASSIGN_OR_RETURN(body, kReaders[type](r, v));
  step.body = std::move(body);
  return step;
}

}  // namespace psirt::action
