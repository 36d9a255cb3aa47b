// set_config (step.h, action.h): set one key of an existing ini, key=value or
// JSON file inside the root, keeping every other byte (config_edit.h) and the
// file's mode and owner. The file is rewritten atomically inside the root.
//
// Undo record (the old value or its absence, as bytes):
//   "set_config/1 present <hex of the old value's bytes>\n"
//   "set_config/1 absent <offset> <hex of the inserted bytes>\n"
// revert splices the old bytes back / cuts the inserted bytes out (or, if
// they moved since, the whole entry), after removing a temp file a killed
// apply left; a file already in the before-state is left alone (idempotent).
// A missing file is refused (set_config never creates one).

#include "agent/remediate/config_edit.h"
#include "agent/remediate/step.h"
#include "agent/remediate/undo_text.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/rooted.h"

namespace psirt::remediate {
namespace {

constexpr std::size_t kMaxConfigBytes = 16u << 20;
constexpr const char* kUndoTag = "set_config/1";

const action::SetConfig& body(const action::Step& step) { return std::get<action::SetConfig>(step.body); }

struct Undo {
  bool present = false;
  std::string old_value;  // present
  std::size_t offset = 0;  // absent: where the entry was inserted ...
  std::string inserted;    // ... and its bytes
};

std::string hex(std::string_view s) { return crypto::toHex(crypto::asBytes(s)); }

Result<std::string> unhex(std::string_view h, const action::Step& step) {
  auto b = crypto::fromHex(h);
  if (!b) return makeError(ErrorCategory::kParse, "malformed set_config undo record", "step " + step.id);
  return std::string(b->begin(), b->end());
}

Result<Undo> decode(const UndoRecord& record, const action::Step& step) {
  const auto f = undo_text::fields(record);
  Undo u;
  if (f.size() >= 2 && f[0] == kUndoTag && f[1] == "present" && f.size() <= 3) {
    u.present = true;  // an empty old value has no field
    PSIRT_ASSIGN_OR_RETURN(v, unhex(f.size() == 3 ? f[2] : std::string_view(), step));
    u.old_value = v;
    return u;
  }
  std::uint64_t offset = 0;
  if (f.size() == 4 && f[0] == kUndoTag && f[1] == "absent" && undo_text::unsignedValue(f[2], offset)) {
    u.offset = static_cast<std::size_t>(offset);
    PSIRT_ASSIGN_OR_RETURN(v, unhex(f[3], step));
    u.inserted = v;
    return u;
  }
  return makeError(ErrorCategory::kParse, "malformed set_config undo record", "step " + step.id);
}

struct Opened {
  fs::RootDir root;
  fs::RootDir::FileInfo info;
  std::string text;
  KeyLocation loc;
};

Result<Opened> open(const action::Step& step, const Context& ctx) {
  const auto& c = body(step);
  PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
  const std::string shown = root.shown(c.path);
  PSIRT_ASSIGN_OR_RETURN(info, root.statRegular(c.path));
  if (!info) return makeError(ErrorCategory::kIo, "no such file (set_config changes an existing file)", shown);
  PSIRT_ASSIGN_OR_RETURN(text, root.readRegular(c.path, kMaxConfigBytes));
  auto loc = c.format == action::ConfigFormat::kJson ? locateJsonMember(text, c, shown) : locateTextKey(text, c, shown);
  if (!loc) return loc.error();
  return Opened{std::move(root), *info, std::move(text), std::move(*loc)};
}

bool holds(const Opened& o, const action::SetConfig& c) {
  if (!o.loc.found) return false;
  const std::string_view current = std::string_view(o.text).substr(o.loc.begin, o.loc.end - o.loc.begin);
  return c.format == action::ConfigFormat::kJson ? sameJsonValue(current, c.value) : current == c.value;
}

Status rewrite(const Opened& o, const action::SetConfig& c, std::string text) {
  return o.root.replaceRegular(c.path, text, {o.info.mode, o.info.uid, o.info.gid});
}

class SetConfigStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(o, open(step, ctx));
    return holds(o, body(step));
  }

  Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(o, open(step, ctx));
    if (o.loc.found) {
      return std::string(kUndoTag) + " present " +
             hex(std::string_view(o.text).substr(o.loc.begin, o.loc.end - o.loc.begin)) + "\n";
    }
    return std::string(kUndoTag) + " absent " + std::to_string(o.loc.begin) + " " +
           hex(o.loc.prefix + body(step).value + o.loc.suffix) + "\n";
  }

  Status apply(const action::Step& step, const Context& ctx, const UndoRecord&) override {
    const auto& c = body(step);
    PSIRT_ASSIGN_OR_RETURN(o, open(step, ctx));
    std::string text = o.text;
    if (o.loc.found) {
      text.replace(o.loc.begin, o.loc.end - o.loc.begin, c.value);
    } else {
      text.insert(o.loc.begin, o.loc.prefix + c.value + o.loc.suffix);
    }
    return rewrite(o, c, std::move(text));
  }

  Status verify(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(o, open(step, ctx));
    if (holds(o, body(step))) return okStatus();
    return makeError(ErrorCategory::kIo, "key " + body(step).key + " does not hold the new value after apply",
                     o.root.shown(body(step).path));
  }

  Status revert(const action::Step& step, const Context& ctx, const UndoRecord& record) override {
    const auto& c = body(step);
    PSIRT_ASSIGN_OR_RETURN(undo, decode(record, step));
    {
      PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
      root.removeAbandonedTemps(c.path);
    }
    PSIRT_ASSIGN_OR_RETURN(o, open(step, ctx));
    std::string text = o.text;
    if (undo.present) {
      const std::string_view current = std::string_view(text).substr(o.loc.begin, o.loc.end - o.loc.begin);
      if (o.loc.found && current == undo.old_value) return okStatus();
      if (o.loc.found) {
        text.replace(o.loc.begin, o.loc.end - o.loc.begin, undo.old_value);
      } else {
        text.insert(o.loc.begin, o.loc.prefix + undo.old_value + o.loc.suffix);
      }
    } else {
      if (!o.loc.found) return okStatus();
      if (undo.offset <= text.size() && text.compare(undo.offset, undo.inserted.size(), undo.inserted) == 0) {
        text.erase(undo.offset, undo.inserted.size());
      } else {
        text.erase(o.loc.entry_begin, o.loc.entry_end - o.loc.entry_begin);
      }
    }
    return rewrite(o, c, std::move(text));
  }
};

}  // namespace

StepExecutor& setConfigExecutor() {
  static SetConfigStep executor;
  return executor;
}

}  // namespace psirt::remediate
