// The journal record as JSON (docs/formats/journal.md): written by the agent
// only, read back by recovery, rollback and an operator inspecting it. A
// record that does not decode exactly is "damaged": recovery stops on it
// rather than guess which steps touched the root.
#include <algorithm>
#include <type_traits>

#include "agent/json/json.h"
#include "agent/remediate/journal.h"
#include "platform/crypto/crypto.h"

namespace psirt::remediate {
namespace {

using json::Value;
using json::View;

constexpr const char* kFormat = "psirt-journal/1";

constexpr const char* kTxStates[] = {"open", "reverting", "failed", "committed", "reverted", "rolling_back", "rolled_back"};
constexpr const char* kPhases[] = {"pending", "already", "prepared", "applied", "verified", "reverted"};
constexpr const char* kPackageFormats[] = {"dpkg", "rpm", "opkg"};
constexpr const char* kConfigFormats[] = {"ini", "key_value", "json"};
constexpr const char* kServiceOps[] = {"start", "stop", "restart", "enable", "disable"};

template <typename E, std::size_t N>
Result<E> enumOf(const View& v, std::string_view key, const char* const (&names)[N]) {
  PSIRT_ASSIGN_OR_RETURN(s, v.getString(key));
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  return makeError(ErrorCategory::kParse, "unknown " + std::string(key) + " '" + std::string(s) + "'", v.where());
}

Value strings(const std::vector<std::string>& list) {
  Value out = Value::array();
  for (const auto& s : list) out.push(s);
  return out;
}

Value intList(const std::vector<int>& list) {
  Value out = Value::array();
  for (int i : list) out.push(i);
  return out;
}

Value stepJson(const StepRecord& r) {
  Value v = Value::object({{"id", r.step.id}, {"kind", action::stepKindName(r.step.body)},
                           {"phase", phaseName(r.phase)},
                           {"undo_hex", crypto::toHex(crypto::asBytes(r.undo))}});
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, action::InstallPackage>) {
          v.set("format", kPackageFormats[static_cast<int>(s.format)]);
          v.set("package", s.package);
          v.set("version", s.version);
          v.set("artifact", s.artifact);
          if (s.rollback_artifact) v.set("rollback_artifact", *s.rollback_artifact);
          v.set("allow_downgrade", s.allow_downgrade);
        } else if constexpr (std::is_same_v<T, action::ReplaceFile>) {
          v.set("path", s.path);
          v.set("artifact", s.artifact);
          v.set("mode", static_cast<unsigned>(s.mode));
          if (s.owner) v.set("owner", *s.owner);
          if (s.group) v.set("group", *s.group);
        } else if constexpr (std::is_same_v<T, action::SetConfig>) {
          v.set("path", s.path);
          v.set("format", kConfigFormats[static_cast<int>(s.format)]);
          v.set("section", s.section);
          v.set("key", s.key);
          v.set("value", s.value);
        } else if constexpr (std::is_same_v<T, action::Service>) {
          v.set("operation", kServiceOps[static_cast<int>(s.operation)]);
          v.set("name", s.name);
        } else {
          v.set("artifact", s.artifact);
          v.set("args", strings(s.args));
          if (s.check_args) v.set("check_args", strings(*s.check_args));
          v.set("timeout_seconds", static_cast<long long>(s.timeout.count()));
          v.set("success_exit_codes", intList(s.success_exit_codes));
          if (s.revert_artifact) v.set("revert_artifact", *s.revert_artifact);
          v.set("revert_args", strings(s.revert_args));
        }
      },
      r.step.body);
  return v;
}

Result<std::optional<std::string>> optionalString(const View& v, std::string_view key) {
  PSIRT_ASSIGN_OR_RETURN(found, v.findTyped(key, json::Type::kString));
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(std::string(found->asString()));
}

Result<action::StepBody> bodyOf(const View& v, std::string_view kind) {
  if (kind == "install_package") {
    action::InstallPackage s;
    PSIRT_ASSIGN_OR_RETURN(format, (enumOf<action::PackageFormat>(v, "format", kPackageFormats)));
    PSIRT_ASSIGN_OR_RETURN(package, v.getString("package"));
    PSIRT_ASSIGN_OR_RETURN(version, v.getString("version"));
    PSIRT_ASSIGN_OR_RETURN(artifact, v.getString("artifact"));
    PSIRT_ASSIGN_OR_RETURN(rollback, optionalString(v, "rollback_artifact"));
    PSIRT_ASSIGN_OR_RETURN(downgrade, v.getBool("allow_downgrade"));
    s.format = format;
    s.package = package;
    s.version = version;
    s.artifact = artifact;
    s.rollback_artifact = rollback;
    s.allow_downgrade = downgrade;
    return action::StepBody(s);
  }
  if (kind == "replace_file") {
    action::ReplaceFile s;
    PSIRT_ASSIGN_OR_RETURN(path, v.getString("path"));
    PSIRT_ASSIGN_OR_RETURN(artifact, v.getString("artifact"));
    PSIRT_ASSIGN_OR_RETURN(mode, v.getInteger("mode"));
    if (mode < 0 || mode > 07777) return makeError(ErrorCategory::kParse, "mode out of range", v.where());
    PSIRT_ASSIGN_OR_RETURN(owner, optionalString(v, "owner"));
    PSIRT_ASSIGN_OR_RETURN(group, optionalString(v, "group"));
    s.path = path;
    s.artifact = artifact;
    s.mode = static_cast<std::uint32_t>(mode);
    s.owner = owner;
    s.group = group;
    return action::StepBody(s);
  }
  if (kind == "set_config") {
    action::SetConfig s;
    PSIRT_ASSIGN_OR_RETURN(path, v.getString("path"));
    PSIRT_ASSIGN_OR_RETURN(format, (enumOf<action::ConfigFormat>(v, "format", kConfigFormats)));
    PSIRT_ASSIGN_OR_RETURN(section, v.getString("section"));
    PSIRT_ASSIGN_OR_RETURN(key, v.getString("key"));
    PSIRT_ASSIGN_OR_RETURN(value, v.getString("value"));
    s.path = path;
    s.format = format;
    s.section = section;
    s.key = key;
    s.value = value;
    return action::StepBody(s);
  }
  if (kind == "service") {
    action::Service s;
    PSIRT_ASSIGN_OR_RETURN(op, (enumOf<action::ServiceOperation>(v, "operation", kServiceOps)));
    PSIRT_ASSIGN_OR_RETURN(name, v.getString("name"));
    s.operation = op;
    s.name = name;
    return action::StepBody(s);
  }
  if (kind == "run_script") {
    action::RunScript s;
    PSIRT_ASSIGN_OR_RETURN(artifact, v.getString("artifact"));
    PSIRT_ASSIGN_OR_RETURN(args, v.getStringList("args"));
    PSIRT_ASSIGN_OR_RETURN(timeout, v.getInteger("timeout_seconds"));
    PSIRT_ASSIGN_OR_RETURN(codes, v.getArray("success_exit_codes"));
    PSIRT_ASSIGN_OR_RETURN(revert, optionalString(v, "revert_artifact"));
    PSIRT_ASSIGN_OR_RETURN(revert_args, v.getStringList("revert_args"));
    if (v.has("check_args")) {
      PSIRT_ASSIGN_OR_RETURN(check_args, v.getStringList("check_args"));
      s.check_args = check_args;
    }
    s.success_exit_codes.clear();
    for (const View& c : codes.elements()) {
      PSIRT_ASSIGN_OR_RETURN(code, c.integer());
      s.success_exit_codes.push_back(static_cast<int>(code));
    }
    s.artifact = artifact;
    s.args = args;
    s.timeout = std::chrono::seconds(timeout);
    s.revert_artifact = revert;
    s.revert_args = revert_args;
    return action::StepBody(s);
  }
  return makeError(ErrorCategory::kParse, "unknown step kind '" + std::string(kind) + "'", v.where());
}

Result<StepRecord> stepOf(const View& v) {
  StepRecord r;
  PSIRT_ASSIGN_OR_RETURN(id, v.getString("id"));
  PSIRT_ASSIGN_OR_RETURN(kind, v.getString("kind"));
  PSIRT_ASSIGN_OR_RETURN(phase, (enumOf<Phase>(v, "phase", kPhases)));
  PSIRT_ASSIGN_OR_RETURN(undo_hex, v.getString("undo_hex"));
  PSIRT_ASSIGN_OR_RETURN(body, bodyOf(v, kind));
  auto undo = crypto::fromHex(undo_hex);
  if (!undo) return makeError(ErrorCategory::kParse, "undo_hex is not hex", v.where());
  r.step.id = id;
  r.step.body = std::move(body);
  r.phase = phase;
  r.undo.assign(undo->begin(), undo->end());
  return r;
}

}  // namespace

const char* txStateName(TxState state) { return kTxStates[static_cast<int>(state)]; }
const char* phaseName(Phase phase) { return kPhases[static_cast<int>(phase)]; }

bool isClosed(TxState state) {
  return state == TxState::kCommitted || state == TxState::kReverted || state == TxState::kRolledBack;
}

std::string encodeRecord(const TransactionRecord& record) {
  Value steps = Value::array();
  for (const auto& s : record.steps) steps.push(stepJson(s));
  Value v = Value::object({{"format", kFormat},
                           {"transaction", record.id},
                           {"action", record.action},
                           {"root", record.root},
                           {"image", record.image},
                           {"created", clock::formatRfc3339(record.created)},
                           {"state", txStateName(record.state)},
                           {"error", record.error}});
  v.set("steps", std::move(steps));
  return v.dump(1) + "\n";
}

Result<TransactionRecord> decodeRecord(std::string_view text, const std::string& shown) {
  auto parsed = [&]() -> Result<TransactionRecord> {
    json::ParseOptions options;
    options.max_bytes = Journal::kMaxRecordBytes;
    options.max_string_bytes = 2 * kMaxUndoRecord + 2;
    PSIRT_ASSIGN_OR_RETURN(doc, json::Document::parse(text, options));
    const View root = doc.root();
    PSIRT_ASSIGN_OR_RETURN(format, root.getString("format"));
    if (format != kFormat) return makeError(ErrorCategory::kParse, "not a " + std::string(kFormat) + " record", "/format");
    TransactionRecord r;
    PSIRT_ASSIGN_OR_RETURN(id, root.getString("transaction"));
    PSIRT_ASSIGN_OR_RETURN(action_id, root.getString("action"));
    PSIRT_ASSIGN_OR_RETURN(target_root, root.getString("root"));
    PSIRT_ASSIGN_OR_RETURN(image, root.getBool("image"));
    PSIRT_ASSIGN_OR_RETURN(created, root.getString("created"));
    PSIRT_ASSIGN_OR_RETURN(state, (enumOf<TxState>(root, "state", kTxStates)));
    PSIRT_ASSIGN_OR_RETURN(error, root.getString("error"));
    PSIRT_ASSIGN_OR_RETURN(steps, root.getArray("steps"));
    PSIRT_ASSIGN_OR_RETURN(when, clock::parseRfc3339(created));
    if (!isTransactionId(id)) return makeError(ErrorCategory::kParse, "invalid transaction id", "/transaction");
    if (target_root.empty() || target_root.front() != '/') {
      return makeError(ErrorCategory::kParse, "root is not an absolute path", "/root");
    }
    r.id = id;
    r.action = action_id;
    r.root = target_root;
    r.image = image;
    r.created = when;
    r.state = state;
    r.error = error;
    for (const View& s : steps.elements()) {
      PSIRT_ASSIGN_OR_RETURN(step, stepOf(s));
      r.steps.push_back(std::move(step));
    }
    return r;
  }();
  if (!parsed) return shown.empty() ? parsed.error() : parsed.error().within(shown);
  return parsed;
}

}  // namespace psirt::remediate
