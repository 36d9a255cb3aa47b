// The journal's directory protocol (journal.h, docs/formats/journal.md).
#include "agent/remediate/journal.h"

#include <algorithm>

#include "platform/crypto/crypto.h"
#include "platform/fs/fault_injection.h"
#include "platform/fs/fs.h"

namespace psirt::remediate {
namespace {

constexpr std::string_view kRecordFile = "record.json";
constexpr std::string_view kRemovingSuffix = ".removing";
constexpr std::size_t kTimePart = 16;  // yyyymmddThhmmssZ
constexpr std::size_t kRandomBytes = 8;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLowerHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f'); }

// "2026-12-07T22:45:00Z" -> "20261207T224500Z".
std::string compactTime(clock::Seconds now) {
  std::string out;
  for (char c : clock::formatRfc3339(now)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

// Removes a transaction directory's files (and one level of subdirectories
// an executor may have made), then the directory. Best effort per entry; the
// error names the first thing that could not be removed.
Status removeTree(const std::string& dir) {
  auto entries = fs::listDirectory(dir);
  if (!entries) return entries.error();
  for (const auto& e : *entries) {
    const std::string path = fs::joinPath(dir, e.name);
    if (e.is_directory) {
      PSIRT_TRY(removeTree(path));
    } else {
      PSIRT_TRY(fs::removeFile(path));
    }
  }
  return fs::removeDirectory(dir);
}

// " at /steps/0" for an error's JSON pointer context ("at /x" from agent/json's View).
std::string where(const Error& e) {
  if (e.context.empty()) return "";
  return (e.context.rfind("at ", 0) == 0 ? " " : " at ") + e.context;
}

}  // namespace

bool isTransactionId(std::string_view id) {
  if (id.size() != kTimePart + 1 + 2 * kRandomBytes) return false;
  for (std::size_t i = 0; i < kTimePart; ++i) {
    const char c = id[i];
    const bool ok = i == 8 ? c == 'T' : i == kTimePart - 1 ? c == 'Z' : isDigit(c);
    if (!ok) return false;
  }
  if (id[kTimePart] != '-') return false;
  return std::all_of(id.begin() + kTimePart + 1, id.end(), isLowerHex);
}

bool isStepId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id == "." || id == "..") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
  });
}

std::string Journal::transactionDir(std::string_view id) const { return fs::joinPath(dir_, id); }
std::string Journal::recordPath(std::string_view id) const { return fs::joinPath(transactionDir(id), kRecordFile); }

Result<TransactionRecord> Journal::begin(const action::Action& action, const std::string& root, bool image,
                                         clock::Seconds now) const {
  PSIRT_TRY(fs::makeDirectories(dir_, 0700));
  TransactionRecord r;
  r.id = compactTime(now) + "-" + crypto::toHex(crypto::randomBytes(kRandomBytes));
  r.action = action.id;
  r.root = root;
  r.image = image;
  r.created = now;
  for (const auto& s : action.steps) {
    const bool repeated = std::any_of(r.steps.begin(), r.steps.end(), [&](const StepRecord& o) { return o.step.id == s.id; });
    if (!isStepId(s.id) || repeated) {
      return makeError(ErrorCategory::kUsage, "invalid or repeated step id '" + s.id + "'", "action " + action.id);
    }
    r.steps.push_back(StepRecord{s, Phase::kPending, {}});
  }
  if (auto there = fs::exists(transactionDir(r.id)); !there || *there) {
    return makeError(ErrorCategory::kInternal, "transaction id collision", transactionDir(r.id));
  }
  PSIRT_TRY(fs::makeDirectories(transactionDir(r.id), 0700));
  PSIRT_TRY(fs::fsyncDirectory(dir_));
  PSIRT_FAULT_POINT("journal.begin.dir_made");
  PSIRT_TRY(write(r));
  return r;
}

Status Journal::write(const TransactionRecord& record) const {
  PSIRT_FAULT_POINT("journal.write.before");
  PSIRT_TRY(fs::writeFileAtomic(recordPath(record.id), encodeRecord(record), 0600));
  PSIRT_FAULT_POINT("journal.write.synced");
  return okStatus();
}

Result<TransactionRecord> Journal::read(std::string_view id) const {
  if (!isTransactionId(id)) {
    return makeError(ErrorCategory::kUsage, "not a transaction id (yyyymmddThhmmssZ-<16 hex>)", std::string(id));
  }
  const std::string path = recordPath(id);
  auto text = fs::readFile(path, kMaxRecordBytes, fs::Follow::kNo);
  if (!text) {
    if (auto there = fs::exists(transactionDir(id)); there && !*there) {
      return makeError(ErrorCategory::kUsage, "no such transaction in the journal " + dir_, std::string(id));
    }
    return text.error();
  }
  auto record = decodeRecord(*text, "");
  if (!record) {
    const Error& e = record.error();
    return makeError(ErrorCategory::kParse,
                     "damaged journal record (" + e.message + where(e) +
                         "); inspect transaction " + std::string(id) +
                         " and restore the files its steps name by hand, then move its directory out of the journal",
                     path);
  }
  if (record->id != id) {
    return makeError(ErrorCategory::kParse,
                     "damaged journal record (names transaction " + record->id + "); inspect transaction " +
                         std::string(id) + " and move its directory out of the journal",
                     path);
  }
  return record;
}

Result<std::vector<std::string>> Journal::list() const {
  auto there = fs::exists(dir_);
  if (!there) return there.error();
  if (!*there) return std::vector<std::string>{};
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(dir_));
  std::vector<std::string> ids;
  for (const auto& e : entries) {
    const std::string path = fs::joinPath(dir_, e.name);
    const bool removing = e.name.size() > kRemovingSuffix.size() &&
                          e.name.compare(e.name.size() - kRemovingSuffix.size(), kRemovingSuffix.size(),
                                         kRemovingSuffix) == 0 &&
                          isTransactionId(e.name.substr(0, e.name.size() - kRemovingSuffix.size()));
    if (e.is_directory && removing) {
      PSIRT_TRY(removeTree(path));
      continue;
    }
    if (!e.is_directory || !isTransactionId(e.name)) continue;  // temp files of record writes etc.
    PSIRT_ASSIGN_OR_RETURN(has_record, fs::exists(recordPath(e.name)));
    if (!has_record) {  // begin was interrupted before the first record: no step ran
      PSIRT_TRY(removeTree(path));
      continue;
    }
    ids.push_back(e.name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status Journal::prune(std::size_t keep) const {
  PSIRT_ASSIGN_OR_RETURN(ids, list());
  std::size_t closed_seen = 0;
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    auto record = read(*it);
    if (!record || !isClosed(record->state)) continue;
    if (++closed_seen <= keep) continue;
    const std::string removing = transactionDir(*it) + std::string(kRemovingSuffix);
    PSIRT_TRY(fs::renameDurably(transactionDir(*it), removing));
    PSIRT_FAULT_POINT("journal.prune.renamed");
    PSIRT_TRY(removeTree(removing));
  }
  return okStatus();
}

}  // namespace psirt::remediate
