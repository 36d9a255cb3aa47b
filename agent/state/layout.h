// The layout of the agent's state directory (`--state DIR`,
// docs/formats/state-directory.md). Every path under DIR is computed here and
// nowhere else; the rest of the code asks agent/state for files by what they
// are (a role, a set, the report chain), never by joining paths.
//
//   DIR/lock                      flock(2) of the running command (state_lock.h)
//   DIR/time-floor                the persisted time floor
//   DIR/metadata/<role file>      the updater's working copy of the TUF roles
//   DIR/targets/sha256/<hex>      verified target files, content-addressed
//   DIR/sets/<N>/<role file>      trusted set N (trusted_sets.h) ...
//   DIR/sets/<N>/index            ... and its index
//   DIR/current-set               "<N>\n": the set `check` trusts
//   DIR/incoming/bundle-<hex>.psb private copies of bundles being verified
//   DIR/reports/last.json         the last committed report (reports.h)
//   DIR/reports/chain             the report chain: the commit record
//   DIR/reports/pending-<S>.json  report S before (or just after) its commit
//   DIR/journal/<txid>/           one remediation transaction: record.json and
//                                 its undo files (agent/remediate/journal.h,
//                                 which writes below journalDir() only)
//   DIR/spool/                    reserved (report spool)
//
// Role file names: "root.json" etc. for the four top-level roles; a delegated
// role name percent-encoded (every byte but [A-Za-z0-9_.~-], as urllib's
// quote(name, safe="")) so '/', '..', '?', '#' cannot leave the directory; an
// encoded name over 200 bytes becomes "%%<sha256 hex of the name>.json".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace psirt::state {

class Layout {
 public:
  explicit Layout(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string lockFile() const;
  std::string timeFloor() const;
  std::string metadataDir() const;
  std::string targetsDir() const;  // DIR/targets/sha256
  // DIR/targets/sha256/<hex>; `sha256_hex` must be 64 lower-case hex digits
  // (isSha256Hex) — the caller checks, this only joins.
  std::string targetFile(std::string_view sha256_hex) const;
  std::string setsDir() const;
  std::string setDir(std::int64_t n) const;
  std::string currentSetPointer() const;
  std::string incomingDir() const;
  std::string reportsDir() const;
  std::string lastReport() const;
  std::string reportChain() const;
  std::string pendingReport(std::int64_t sequence) const;
  std::string journalDir() const;  // agent/remediate's journal (docs/formats/journal.md)
  std::string spoolDir() const;    // reserved: nothing writes it yet

  static std::string roleFileName(std::string_view role);
  static constexpr std::string_view kSetIndexFile = "index";

 private:
  std::string root_;
};

// 64 lower-case hex digits.
bool isSha256Hex(std::string_view s);

}  // namespace psirt::state
