// The action manifest `psirt-action/1` (docs/formats/action.md): one
// machine-actionable remediation, published by the PSIRT as an `actions/...`
// TUF target under the terminating `remediation` role and named by a CSAF
// remediation's `url`. These are the parsed, validated types; parsing lives in
// manifest.h, the policy that decides what may run in policy.h, and running the
// steps in agent/remediate.
//
// Contract of a parsed Action (manifest.h guarantees it, the executors rely on
// it): every path is absolute, normalised (no "." or ".." component, no "//",
// no NUL or control byte) and is interpreted inside the target root (the
// device "/" or --sysroot); every artifact names an "artifacts/..." target;
// ids are [A-Za-z0-9._-]{1,64}; step ids are unique within the action.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace psirt::action {

inline constexpr const char* kActionFormat = "psirt-action/1";

// The CSAF remediation category the action implements (CSAF 2.0
// /vulnerabilities[]/remediations[]/category). Policy allows categories
// separately; a workaround mitigates, it never fixes.
enum class Category { kWorkaround, kMitigation, kVendorFix };
// "workaround", "mitigation", "vendor_fix": the manifest's and the policy's spelling.
const char* categoryName(Category category);

enum class PackageFormat { kDpkg, kRpm, kOpkg };
enum class ConfigFormat { kIni, kKeyValue, kJson };
enum class ServiceOperation { kStart, kStop, kRestart, kEnable, kDisable };

// Install one package file; revert reinstalls `rollback_artifact` (the
// previous version) or, when the package was not installed before, removes
// it. With neither possible the step is irreversible.
struct InstallPackage {
  PackageFormat format = PackageFormat::kDpkg;
  std::string package;                           // package name, as the manager knows it
  std::string version;                           // the version the artifact installs (check/verify)
  std::string artifact;                          // "artifacts/..."
  std::optional<std::string> rollback_artifact;  // "artifacts/...", the previous version
  bool allow_downgrade = false;                  // also needs the policy's consent
};

// Replace one regular file; the old bytes, mode and owner are kept in the
// journal's transaction directory for revert (a file that did not exist is
// removed on revert).
struct ReplaceFile {
  std::string path;      // absolute, inside the root
  std::string artifact;  // "artifacts/..."
  std::uint32_t mode = 0644;
  std::optional<std::string> owner;  // user name, resolved in the root's /etc/passwd
  std::optional<std::string> group;  // group name, resolved in the root's /etc/group
};

// Set one key of one configuration file; the old value (or its absence) is
// kept for revert. Everything else in the file is preserved byte for byte.
struct SetConfig {
  std::string path;  // absolute, inside the root
  ConfigFormat format = ConfigFormat::kKeyValue;
  std::string section;  // kIni only: the [section] ("" = before the first section)
  std::string key;      // kIni/kKeyValue: the key; kJson: a JSON Pointer (RFC 6901) to an object member
  std::string value;    // kIni/kKeyValue: the raw value; kJson: one JSON value as text
};

// Drive one service through systemd (systemctl, --root for enable/disable in
// an image) or a SysV init script. Revert is the inverse operation
// (start<->stop, enable<->disable; restart has none and is reversible by
// definition: it changes no persistent state).
struct Service {
  ServiceOperation operation = ServiceOperation::kRestart;
  std::string name;  // unit or init script name, [A-Za-z0-9@._-]{1,128}
};

// Run a signed script: argv only (no shell), a clean environment, a time
// limit, the listed exit codes count as success. `check_args` (optional) runs
// the same script to ask "already done?" (exit 0 = done). Revert runs
// `revert_artifact` with `revert_args`; without one the step is irreversible.
struct RunScript {
  std::string artifact;  // "artifacts/..."
  std::vector<std::string> args;
  std::optional<std::vector<std::string>> check_args;
  std::chrono::seconds timeout{300};
  std::vector<int> success_exit_codes{0};
  std::optional<std::string> revert_artifact;  // "artifacts/..."
  std::vector<std::string> revert_args;
};

using StepBody = std::variant<InstallPackage, ReplaceFile, SetConfig, Service, RunScript>;

struct Step {
  std::string id;  // unique within the action
  StepBody body;
};

// True when the step has a way back (see each step type).
bool reversible(const Step& step);
// "install_package", "replace_file", "set_config", "service", "run_script".
const char* stepKindName(const StepBody& body);

// What must hold before the action applies. All present conditions must hold.
struct Preconditions {
  // The installed software the action is for: a purl or CPE identity as
  // inventory reports it, and a `vers` range its installed version must be in.
  std::string identity;
  std::string vers;
  std::vector<std::string> architectures;  // dpkg/rpm names ("amd64", "x86_64", ...); empty = any
  std::uint64_t min_free_bytes = 0;        // free space needed on the file system of `free_space_path`
  std::string free_space_path = "/";       // absolute, inside the root
};

struct Action {
  std::string id;  // [A-Za-z0-9._-]{1,64}, unique in the repository
  std::string title;
  Category category = Category::kVendorFix;
  std::vector<std::string> advisories;   // CSAF /document/tracking/id values it remediates
  std::vector<std::string> product_ids;  // CSAF product ids within those advisories
  Preconditions preconditions;
  std::vector<Step> steps;  // ordered; at least one

  // Every "artifacts/..." target the action needs (steps and rollbacks), each once, in step order.
  std::vector<std::string> artifacts() const;
  bool irreversible() const;  // any step irreversible
};

}  // namespace psirt::action
