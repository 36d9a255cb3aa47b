// replace_file (step.h, action.h): put an artifact's bytes at a path inside
// the root with the manifest's mode and owner.
//
// prepare saves the old file (bytes into <transaction dir>/step-<id>.old,
// durably; mode, uid, gid, size and SHA-256 into the undo record) or records
// that there was none. apply writes the new file atomically inside the root
// (fs::RootDir::replaceRegular: temp in the same directory, fsync, rename,
// fsync dir). revert removes a temp file a killed apply left, then puts the
// saved file back (unless the path already holds exactly it) or removes the
// created file: idempotent, and correct after a crash anywhere in apply.
//
// Owner/group: names are resolved in the root's etc/passwd and etc/group;
// without them a replaced file keeps its old owner and a new file gets the
// agent's (root). Files over 256 MiB are refused (kLimit).
//
// Undo record: "replace_file/1 absent\n" or
// "replace_file/1 present <mode octal> <uid> <gid> <size> <sha256 hex>\n".
#include <cstdio>
#include <optional>

#include "agent/remediate/root_accounts.h"
#include "agent/remediate/step.h"
#include "agent/remediate/undo_text.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"
#include "platform/fs/rooted.h"

namespace psirt::remediate {
namespace {

constexpr std::size_t kMaxFileBytes = 256u << 20;
constexpr const char* kUndoTag = "replace_file/1";

struct Saved {
  bool present = false;
  fs::RootDir::FileInfo info;
  std::string sha256;
};

std::string sha256Hex(std::string_view bytes) { return crypto::toHex(crypto::sha256(crypto::asBytes(bytes))); }

std::string savedPath(const action::Step& step, const Context& ctx) {
  return fs::joinPath(ctx.transaction_dir, "step-" + step.id + ".old");
}

std::string encode(const Saved& s) {
  if (!s.present) return std::string(kUndoTag) + " absent\n";
  char mode[16];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(s.info.mode));
  return std::string(kUndoTag) + " present " + mode + " " + std::to_string(s.info.uid) + " " +
         std::to_string(s.info.gid) + " " + std::to_string(s.info.size) + " " + s.sha256 + "\n";
}

Result<Saved> decode(const UndoRecord& undo, const action::Step& step) {
  const auto f = undo_text::fields(undo);
  Saved s;
  if (f.size() == 2 && f[0] == kUndoTag && f[1] == "absent") return s;
  std::uint64_t mode = 0, uid = 0, gid = 0;
  if (f.size() == 7 && f[0] == kUndoTag && f[1] == "present" && undo_text::unsignedValue(f[2], mode, 8, 07777) &&
      undo_text::unsignedValue(f[3], uid, 10, 0xffffffffu) && undo_text::unsignedValue(f[4], gid, 10, 0xffffffffu) &&
      undo_text::unsignedValue(f[5], s.info.size) && f[6].size() == 64) {
    s.present = true;
    s.info.mode = static_cast<std::uint32_t>(mode);
    s.info.uid = static_cast<std::uint32_t>(uid);
    s.info.gid = static_cast<std::uint32_t>(gid);
    s.sha256 = std::string(f[6]);
    return s;
  }
  return makeError(ErrorCategory::kParse, "malformed replace_file undo record", "step " + step.id);
}

const action::ReplaceFile& body(const action::Step& step) { return std::get<action::ReplaceFile>(step.body); }

// The owner the new file gets: the manifest's names, else the old file's ids.
Status owner(const fs::RootDir& root, const action::ReplaceFile& f, const std::optional<fs::RootDir::FileInfo>& old,
             fs::RootDir::WriteOptions* out) {
  out->mode = f.mode & 07777;
  if (old) {
    out->uid = old->uid;
    out->gid = old->gid;
  }
  if (f.owner) {
    PSIRT_ASSIGN_OR_RETURN(uid, lookupUser(root, *f.owner));
    out->uid = uid;
  }
  if (f.group) {
    PSIRT_ASSIGN_OR_RETURN(gid, lookupGroup(root, *f.group));
    out->gid = gid;
  }
  return okStatus();
}

Result<std::string> artifactBytes(const action::ReplaceFile& f, const Context& ctx) {
  if (!ctx.artifact) return makeError(ErrorCategory::kInternal, "no artifact source", f.artifact);
  PSIRT_ASSIGN_OR_RETURN(path, ctx.artifact(f.artifact));
  return fs::readFile(path, kMaxFileBytes, fs::Follow::kNo);
}

class ReplaceFileStep final : public StepExecutor {
 public:
  Result<bool> check(const action::Step& step, const Context& ctx) override {
    const auto& f = body(step);
    PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
    PSIRT_ASSIGN_OR_RETURN(info, root.statRegular(f.path));
    if (!info) return false;
    fs::RootDir::WriteOptions want;
    PSIRT_TRY(owner(root, f, info, &want));
    if (info->mode != want.mode || info->uid != *want.uid || info->gid != *want.gid) return false;
    PSIRT_ASSIGN_OR_RETURN(bytes, artifactBytes(f, ctx));
    if (info->size != bytes.size()) return false;
    PSIRT_ASSIGN_OR_RETURN(current, root.readRegular(f.path, kMaxFileBytes));
    return current == bytes;
  }

  Result<UndoRecord> prepare(const action::Step& step, const Context& ctx) override {
    const auto& f = body(step);
    PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
    PSIRT_ASSIGN_OR_RETURN(info, root.statRegular(f.path));
    fs::RootDir::WriteOptions want;
    PSIRT_TRY(owner(root, f, info, &want));  // an unknown owner fails here, before anything changes
    Saved s;
    if (info) {
      PSIRT_ASSIGN_OR_RETURN(old, root.readRegular(f.path, kMaxFileBytes));
      PSIRT_TRY(fs::writeFileAtomic(savedPath(step, ctx), old, 0600));
      PSIRT_FAULT_POINT("remediate.replace_file.saved");
      s.present = true;
      s.info = *info;
      s.info.size = old.size();
      s.sha256 = sha256Hex(old);
    }
    return encode(s);
  }

  Status apply(const action::Step& step, const Context& ctx, const UndoRecord& undo) override {
    const auto& f = body(step);
    PSIRT_ASSIGN_OR_RETURN(saved, decode(undo, step));
    PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
    fs::RootDir::WriteOptions want;
    PSIRT_TRY(owner(root, f, saved.present ? std::optional(saved.info) : std::nullopt, &want));
    PSIRT_ASSIGN_OR_RETURN(bytes, artifactBytes(f, ctx));
    return root.replaceRegular(f.path, bytes, want);
  }

  Status verify(const action::Step& step, const Context& ctx) override {
    PSIRT_ASSIGN_OR_RETURN(done, check(step, ctx));
    if (done) return okStatus();
    PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
    return makeError(ErrorCategory::kIo, "does not hold the artifact's bytes, mode and owner after apply",
                     root.shown(body(step).path));
  }

  Status revert(const action::Step& step, const Context& ctx, const UndoRecord& undo) override {
    const auto& f = body(step);
    PSIRT_ASSIGN_OR_RETURN(saved, decode(undo, step));
    PSIRT_ASSIGN_OR_RETURN(root, fs::RootDir::open(ctx.root));
    root.removeAbandonedTemps(f.path);
    if (!saved.present) return root.removeRegular(f.path);
    const std::string copy = savedPath(step, ctx);
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(copy, kMaxFileBytes, fs::Follow::kNo));
    if (bytes.size() != saved.info.size || sha256Hex(bytes) != saved.sha256) {
      return makeError(ErrorCategory::kIo, "saved copy of " + f.path + " is damaged (size or SHA-256 differ)", copy);
    }
    PSIRT_ASSIGN_OR_RETURN(info, root.statRegular(f.path));
    if (info && info->mode == saved.info.mode && info->uid == saved.info.uid && info->gid == saved.info.gid &&
        info->size == bytes.size()) {
      PSIRT_ASSIGN_OR_RETURN(current, root.readRegular(f.path, kMaxFileBytes));
      if (current == bytes) return okStatus();  // already restored
    }
    return root.replaceRegular(f.path, bytes, {saved.info.mode, saved.info.uid, saved.info.gid});
  }
};

}  // namespace

StepExecutor& replaceFileExecutor() {
  static ReplaceFileStep executor;
  return executor;
}

}  // namespace psirt::remediate
