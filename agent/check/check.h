// The agent's main job (docs/design.md#data-flow, `psirt-agent check`): optional trust
// update, then inventory, decision and report over the last complete trusted
// set (agent/tuf/trusted_set.h).
//
//   update (--repo / --bundle, optional)  -> may fail: the report is `stale`
//   load the complete set at max(clock, time floor, build time)  -> must verify
//   inventory of the sysroot                -> partial ecosystems are reported
//   each advisories/* target, ONE AT A TIME: read from the content-addressed
//     store (length + hashes checked), CSAF strict load, evaluate, keep only
//     the verdicts                          -> a bad document is `refused`
//
// The caller holds the state lock, writes the report and decides the exit.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "agent/evaluate/inventory_view.h"
#include "agent/report/report.h"
#include "platform/clock/clock.h"
#include "platform/error/result.h"
#include "platform/transport/http_client.h"

namespace psirt::check {

struct CheckOptions {
  std::string state_dir;
  std::string sysroot;  // empty: the running system ("/")
  std::string repo;     // directory or URL; at most one of repo / bundle
  std::string bundle;
  transport::RequestOptions http;  // for an http(s):// repo
  // The --repo URL update's overall time limit in seconds (agent/tuf/deadline.h);
  // 0: its default, tuf::kDefaultUpdateDeadlineSeconds.
  int update_deadline_seconds = 0;
  clock::Seconds build_time = 0;
  std::string agent_version;
  std::string site_metrics;  // docs/design.md#severity (configuration arrives with `run --config`)
  // Advisories larger than this are refused (listed in the report), unread.
  std::uint64_t max_document_bytes = std::uint64_t{64} << 20;
};

// One check, advisory by advisory, so that the caller can write each
// advisory's verdicts out and drop them (memory of one document at a time).
class CheckRun {
 public:
  // Update (if asked), complete set, inventory. Errors (no report possible):
  // no trusted root in the state (kUsage: run trust init), no complete set
  // (kUsage), the set does not verify or has expired (kSecurity), a bundle of
  // another repository (kSecurity), unreadable sysroot (kIo). A failed update
  // is NOT an error when a complete set remains: see updateError().
  static Result<CheckRun> start(const CheckOptions& options, const clock::Clock& clock);
  CheckRun(CheckRun&&) noexcept;
  CheckRun& operator=(CheckRun&&) noexcept;
  ~CheckRun();

  // Everything but the advisories: device, scan, trust (stale when the
  // update failed), inventory, withdrawn; refused grows as next() runs.
  const report::Report& header() const;
  const std::optional<Error>& updateError() const;

  // The next evaluated advisory, or nullopt when every advisories/* target
  // was seen. A document that cannot be evaluated is added to
  // header().refused and skipped.
  std::optional<report::AdvisoryResult> next();

  // The installed software the verdicts were decided on.
  const evaluate::InventoryView& installed() const;

  // Whether the evaluated set lists `path` (e.g. "actions/fix.json").
  bool listsTarget(std::string_view path) const;
  // The bytes of one target of the evaluated set, length and sha256 checked
  // on this read (an actions/... manifest a remediation names). kUsage "not
  // a target of the trusted set" when the set does not list it; kLimit when
  // the listed length exceeds max_bytes (nothing read).
  Result<std::string> readTarget(std::string_view path, std::uint64_t max_bytes) const;
  // Copies one target (an artifacts/... file) to `destination` (written
  // atomically, mode 0600), hashing the bytes as they are copied from the
  // open store file: the copy exists only if every byte matched the set's
  // length and sha256 (else kSecurity, nothing left at `destination`). What
  // runs is the private copy, never the store file (TOCTOU).
  Status copyTarget(std::string_view path, const std::string& destination) const;

 private:
  struct State;
  explicit CheckRun(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace psirt::check
