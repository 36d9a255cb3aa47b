#include "agent/check/check.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "agent/bundle/update.h"
#include "agent/csaf/stream_reader.h"
#include "agent/evaluate/evaluator.h"
#include "agent/evaluate/inventory_adapter.h"
#include "agent/inventory/inventory.h"
#include "agent/tuf/repository_update.h"
#include "agent/state/state_store.h"
#include "agent/tuf/trusted_set.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"

namespace psirt::check {
namespace {

constexpr std::size_t kMaxInventoryWarnings = 200;

// Runs the update the options ask for. nullopt: no source, or it succeeded.
std::optional<Error> runUpdate(const CheckOptions& o, const clock::Clock& clock) {
  if (!o.bundle.empty()) {
    bundle::BundleUpdateOptions bo;
    bo.build_time = o.build_time;
    auto r = bundle::updateFromBundle(o.state_dir, o.bundle, clock, bo);
    if (!r) {
      // Bundle errors mostly name the bundle already; name it once.
      const std::string where = "bundle " + o.bundle;
      return r.error().context.rfind(where, 0) == 0 ? r.error() : r.error().within(where);
    }
    return std::nullopt;
  }
  if (!o.repo.empty()) {
    tuf::RepositoryUpdateOptions ro;
    ro.http = o.http;
    ro.build_time = o.build_time;
    if (o.update_deadline_seconds > 0) ro.deadline_seconds = o.update_deadline_seconds;
    auto r = tuf::updateFromRepository(o.state_dir, o.repo, clock, ro);
    if (!r) return r.error().within("repository " + o.repo);
  }
  return std::nullopt;
}

// One error (one line) for "the update failed AND the last complete set
// cannot be used": a trust failure of either makes it a trust failure (exit
// 3, its code kept); otherwise the update's category stands.
Error bothFailed(const Error& update, const Error& set) {
  Error e =
      update.category == ErrorCategory::kSecurity || set.category != ErrorCategory::kSecurity ? update : set;
  e.message =
      "update failed: " + update.describe() + "; and the last complete set cannot be used: " + set.describe();
  e.context.clear();
  return e;
}

std::string firstLine(std::string s) {
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

report::Report::Device deviceIdentity() {
  report::Report::Device d;
  if (auto h = fs::readFile("/proc/sys/kernel/hostname", 256)) d.hostname = firstLine(*h);
  // Hashed with a fixed prefix: the raw machine-id is a secret-ish identifier
  // (machine-id(5) asks applications not to expose it).
  if (auto id = fs::readFile("/etc/machine-id", 128); id && !id->empty()) {
    d.machine_id_hash = crypto::toHex(crypto::sha256(crypto::asBytes("psirt-agent:" + firstLine(*id))));
  }
  return d;
}

report::InventorySummary summarize(const inventory::Inventory& inv) {
  report::InventorySummary s;
  // Sorted purls, one a line; sorted by pointer so no copy of every purl is held.
  std::vector<const std::string*> purls;
  purls.reserve(inv.items.size());
  for (const auto& item : inv.items) purls.push_back(&item.purl);
  // The order of the strings purl + "\n" (the digest's definition), compared
  // without building them.
  std::sort(purls.begin(), purls.end(), [](const std::string* a, const std::string* b) {
    const std::size_t n = std::min(a->size(), b->size());
    if (int c = a->compare(0, n, *b, 0, n); c != 0) return c < 0;
    if (a->size() == b->size()) return false;
    if (a->size() < b->size()) return static_cast<unsigned char>('\n') <= static_cast<unsigned char>((*b)[n]);
    return static_cast<unsigned char>((*a)[n]) < static_cast<unsigned char>('\n');
  });
  crypto::Hasher h(crypto::HashAlgorithm::kSha256);
  for (const std::string* p : purls) {
    h.update(crypto::asBytes(*p));
    h.update(crypto::asBytes(std::string_view("\n")));
  }
  s.digest = crypto::toHex(h.finish());
  s.items = inv.items.size();
  for (const auto& e : inv.ecosystems) {
    if (e.present || e.partial)
      s.ecosystems.push_back({std::string(inventory::toString(e.ecosystem)), e.items, e.partial});
  }
  for (const auto& w : inv.warnings) {
    if (s.warnings.size() >= kMaxInventoryWarnings) break;
    s.warnings.push_back(w.describe());
  }
  return s;
}

std::string edition(std::size_t revision_count) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "Ed.%02zu", std::max<std::size_t>(revision_count, 1));
  return buf;
}

bool isAdvisory(const std::string& target) {
  return target.rfind("advisories/", 0) == 0 && target.size() > 16 &&
         target.compare(target.size() - 5, 5, ".json") == 0;
}

}  // namespace

struct CheckRun::State {
  report::Report header;
  std::optional<Error> update_error;
  std::optional<tuf::CompleteSet> set;
  evaluate::InventoryView view;
  std::optional<evaluate::InventoryIndex> index;  // over `view`
  evaluate::EvaluateOptions evaluate_options;
  std::size_t next_target = 0;
  std::uint64_t max_document_bytes = 0;
};

CheckRun::CheckRun(std::unique_ptr<State> s) : s_(std::move(s)) {}
CheckRun::CheckRun(CheckRun&&) noexcept = default;
CheckRun& CheckRun::operator=(CheckRun&&) noexcept = default;
CheckRun::~CheckRun() = default;
const report::Report& CheckRun::header() const { return s_->header; }
const std::optional<Error>& CheckRun::updateError() const { return s_->update_error; }

Result<CheckRun> CheckRun::start(const CheckOptions& o, const clock::Clock& clock) {
  if (!o.repo.empty() && !o.bundle.empty())
    return makeError(ErrorCategory::kUsage, "--repo and --bundle are mutually exclusive");
  const std::string sysroot = o.sysroot.empty() ? "/" : o.sysroot;
  PSIRT_TRY(inventory::checkSysroot(sysroot));

  if (!o.repo.empty()) PSIRT_TRY(tuf::isRemoteRepository(o.repo));  // ftp://, file://: usage, before any work

  auto s = std::make_unique<State>();
  report::Report& r = s->header;
  r.trust.source = !o.bundle.empty() ? "bundle" : !o.repo.empty() ? "repository" : "store";
  s->update_error = runUpdate(o, clock);
  // A bundle of another repository says nothing about this device: refused
  // as bad input, no report (the previous one stays).
  if (s->update_error && s->update_error->security == SecurityCode::kUntrustedRoot) return *s->update_error;
  if (s->update_error) {
    r.trust.stale = true;
    r.trust.stale_reason = s->update_error->describe();
  }

  // The effective time for expiry, as the updater fixes it (docs/design.md#time).
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(o.state_dir));
  PSIRT_ASSIGN_OR_RETURN(floor, store.readTimeFloor());
  const clock::Seconds now = clock.now();
  const clock::Seconds effective = std::max({now, floor, o.build_time});
  auto set = tuf::CompleteSet::load(o.state_dir, effective);
  if (!set) {
    // Nothing trustworthy to evaluate, and no report. Both failures are
    // named: the update's, and why the last complete set cannot stand in.
    if (s->update_error) return bothFailed(*s->update_error, set.error());
    return set.error();
  }
  const tuf::TrustedSetSummary& sum = set->summary();
  r.trust.set_sequence = sum.sequence;
  r.trust.root_version = sum.root_version;
  r.trust.timestamp_version = sum.timestamp_version;
  r.trust.snapshot_version = sum.snapshot_version;
  r.trust.targets_version = sum.targets_version;
  if (sum.issued) r.trust.issued = *sum.issued;
  r.trust.expires = sum.expires;
  r.trust.time_floor = std::max(floor, o.build_time);
  r.trust.clock_behind_floor = now < r.trust.time_floor;
  r.withdrawn = set->withdrawn();
  r.missing_artifacts = set->missingArtifacts();
  s->set.emplace(std::move(*set));

  inventory::InventoryOptions io;
  io.sysroot = sysroot;
  inventory::Inventory inv = inventory::collectInventory(io);
  r.inventory = summarize(inv);
  r.scan.image = sysroot != "/";
  r.scan.sysroot = sysroot;
  r.scan.os_id = inv.os.id;
  r.scan.os_version = inv.os.version_id;
  r.scan.os_pretty_name = inv.os.pretty_name;
  r.device = deviceIdentity();
  r.agent_version = o.agent_version;
  r.generated_at = now;
  s->view = evaluate::toInventoryView(std::move(inv));  // inv's items are consumed here
  s->index.emplace(s->view);  // once per check, not per document (State never moves: unique_ptr)
  s->evaluate_options.site_metrics = o.site_metrics;
  s->max_document_bytes = o.max_document_bytes;
  return CheckRun(std::move(s));
}

// One document at a time: its model dies before the next is read.
std::optional<report::AdvisoryResult> CheckRun::next() {
  const auto& targets = s_->set->targets();
  while (s_->next_target < targets.size()) {
    const tuf::TargetMatch& match = targets[s_->next_target++];
    if (!isAdvisory(match.path)) continue;
    auto refuse = [&](const Error& e) { s_->header.refused.push_back({match.path, e.describe()}); };
    // Streamed from the store: the parser consumes the bytes as they are
    // hashed, and nothing built from them is used unless the length and
    // sha256 of every byte matched (fail closed: the TUF error wins).
    auto stream = s_->set->openTarget(match);
    if (!stream) {
      refuse(stream.error());
      continue;
    }
    csaf::StreamLimits limits;
    limits.max_document_bytes = s_->max_document_bytes;
    auto advisory = csaf::readAdvisory([&] { return stream->next(); }, limits);
    if (auto verified = stream->finish(); !verified) {
      refuse(verified.error());
      continue;
    }
    if (!advisory) {
      refuse(advisory.error());
      continue;
    }
    auto evaluation = evaluate::evaluateAdvisory(*advisory, *s_->index, s_->evaluate_options);
    if (!evaluation) {
      refuse(evaluation.error());
      continue;
    }
    report::AdvisoryResult a;
    a.target = match.path;
    a.tracking_id = advisory->tracking_id;
    a.version = advisory->tracking_version;
    a.status = advisory->tracking_status;
    a.title = advisory->title;
    a.edition = edition(advisory->revision_count);
    a.current_release_date = advisory->current_release_date;
    a.verdicts = std::move(evaluation->verdicts);
    a.document_errors = std::move(evaluation->document_errors);
    return a;
  }
  return std::nullopt;
}

const evaluate::InventoryView& CheckRun::installed() const { return s_->view; }

namespace {
const tuf::TargetMatch* findTarget(const tuf::CompleteSet& set, std::string_view path) {
  for (const tuf::TargetMatch& m : set.targets())
    if (m.path == path) return &m;
  return nullptr;
}
Error notListed(std::string_view path) {
  return makeError(ErrorCategory::kUsage, "not a target of the trusted set", std::string(path));
}
}  // namespace

bool CheckRun::listsTarget(std::string_view path) const { return findTarget(*s_->set, path) != nullptr; }

Result<std::string> CheckRun::readTarget(std::string_view path, std::uint64_t max_bytes) const {
  const tuf::TargetMatch* m = findTarget(*s_->set, path);
  if (m == nullptr) return notListed(path);
  if (m->file.length < 0 || static_cast<std::uint64_t>(m->file.length) > max_bytes)
    return makeError(ErrorCategory::kLimit, "listed length " + std::to_string(m->file.length) +
                                                " bytes exceeds the limit of " + std::to_string(max_bytes),
                     std::string(path));
  return s_->set->readTarget(*m);
}

Status CheckRun::copyTarget(std::string_view path, const std::string& destination) const {
  const tuf::TargetMatch* m = findTarget(*s_->set, path);
  if (m == nullptr) return notListed(path);
  PSIRT_ASSIGN_OR_RETURN(stream, s_->set->openTarget(*m));
  Status written = fs::writeFileAtomicChunked(destination, 0600, [&]() -> Result<std::string_view> {
    PSIRT_ASSIGN_OR_RETURN(chunk, stream.next());  // the hash error comes instead of the end marker
    return std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  });
  if (Status verified = stream.finish(); !verified) {
    (void)fs::removeFile(destination);
    return verified.error();
  }
  if (!written) {
    (void)fs::removeFile(destination);
    return written.error();
  }
  return {};
}

}  // namespace psirt::check
