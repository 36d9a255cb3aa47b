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

// Typed field readers: each fills *out or names the member at fault.
struct Fields {
  const View& v;
  Status str(std::string_view key, std::string* out) const {
    PSIRT_ASSIGN_OR_RETURN(s, v.getString(key));
    *out = std::string(s);
    return okStatus();
  }
  Status str(std::string_view key, std::optional<std::string>* out) const {
    PSIRT_ASSIGN_OR_RETURN(found, v.findTyped(key, json::Type::kString));
    if (found) *out = std::string(found->asString());
    return okStatus();
  }
  Status list(std::string_view key, std::vector<std::string>* out) const {
    PSIRT_ASSIGN_OR_RETURN(l, v.getStringList(key));
    *out = std::move(l);
    return okStatus();
  }
  Status flag(std::string_view key, bool* out) const {
    PSIRT_ASSIGN_OR_RETURN(b, v.getBool(key));
    *out = b;
    return okStatus();
  }
  Status integer(std::string_view key, std::int64_t lo, std::int64_t hi, std::int64_t* out) const {
    PSIRT_ASSIGN_OR_RETURN(n, v.getInteger(key));
    if (n < lo || n > hi) return makeError(ErrorCategory::kParse, std::string(key) + " out of range", v.where());
    *out = n;
    return okStatus();
  }
  template <typename E, std::size_t N>
  Status choice(std::string_view key, const char* const (&names)[N], E* out) const {
    PSIRT_ASSIGN_OR_RETURN(e, (enumOf<E>(v, key, names)));
    *out = e;
    return okStatus();
  }
};

Result<action::StepBody> bodyOf(const View& v, std::string_view kind) {
  const Fields f{v};
  std::int64_t n = 0;
  if (kind == "install_package") {
    action::InstallPackage s;
    PSIRT_TRY(f.choice("format", kPackageFormats, &s.format));
    PSIRT_TRY(f.str("package", &s.package));
    PSIRT_TRY(f.str("version", &s.version));
    PSIRT_TRY(f.str("artifact", &s.artifact));
    PSIRT_TRY(f.str("rollback_artifact", &s.rollback_artifact));
    PSIRT_TRY(f.flag("allow_downgrade", &s.allow_downgrade));
    return action::StepBody(s);
  }
  if (kind == "replace_file") {
    action::ReplaceFile s;
    PSIRT_TRY(f.str("path", &s.path));
    PSIRT_TRY(f.str("artifact", &s.artifact));
    PSIRT_TRY(f.integer("mode", 0, 07777, &n));
    s.mode = static_cast<std::uint32_t>(n);
    PSIRT_TRY(f.str("owner", &s.owner));
    PSIRT_TRY(f.str("group", &s.group));
    return action::StepBody(s);
  }
  if (kind == "set_config") {
    action::SetConfig s;
    PSIRT_TRY(f.str("path", &s.path));
    PSIRT_TRY(f.choice("format", kConfigFormats, &s.format));
    PSIRT_TRY(f.str("section", &s.section));
    PSIRT_TRY(f.str("key", &s.key));
    PSIRT_TRY(f.str("value", &s.value));
    return action::StepBody(s);
  }
  if (kind == "service") {
    action::Service s;
    PSIRT_TRY(f.choice("operation", kServiceOps, &s.operation));
    PSIRT_TRY(f.str("name", &s.name));
    return action::StepBody(s);
  }
  if (kind == "run_script") {
    action::RunScript s;
    PSIRT_TRY(f.str("artifact", &s.artifact));
    PSIRT_TRY(f.list("args", &s.args));
    if (v.has("check_args")) PSIRT_TRY(f.list("check_args", &s.check_args.emplace()));
    PSIRT_TRY(f.integer("timeout_seconds", 0, std::int64_t{1} << 31, &n));
    s.timeout = std::chrono::seconds(n);
    PSIRT_ASSIGN_OR_RETURN(codes, v.getArray("success_exit_codes"));
    s.success_exit_codes.clear();
    for (const View& c : codes.elements()) {
      PSIRT_ASSIGN_OR_RETURN(code, c.integer());
      s.success_exit_codes.push_back(static_cast<int>(code));
    }
    PSIRT_TRY(f.str("revert_artifact", &s.revert_artifact));
    PSIRT_TRY(f.list("revert_args", &s.revert_args));
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
  if (!isStepId(id)) return makeError(ErrorCategory::kParse, "invalid step id (undo files are named after it)", v.where());
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
    const Fields f{root};
    std::string created;
    PSIRT_TRY(f.str("transaction", &r.id));
    PSIRT_TRY(f.str("action", &r.action));
    PSIRT_TRY(f.str("root", &r.root));
    PSIRT_TRY(f.flag("image", &r.image));
    PSIRT_TRY(f.str("created", &created));
    PSIRT_TRY(f.choice("state", kTxStates, &r.state));
    PSIRT_TRY(f.str("error", &r.error));
    PSIRT_ASSIGN_OR_RETURN(steps, root.getArray("steps"));
    PSIRT_ASSIGN_OR_RETURN(when, clock::parseRfc3339(created));
    r.created = when;
    if (!isTransactionId(r.id)) return makeError(ErrorCategory::kParse, "invalid transaction id", "/transaction");
    if (r.root.empty() || r.root.front() != '/') {
      return makeError(ErrorCategory::kParse, "root is not an absolute path", "/root");
    }
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
