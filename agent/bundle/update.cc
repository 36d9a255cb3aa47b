#include "agent/bundle/update.h"

#include <memory>
#include <utility>

#include "agent/bundle/bundle_fetcher.h"
#include "agent/bundle/reader.h"
#include "agent/state/incoming.h"
#include "agent/tuf/trusted_set.h"
#include "agent/tuf/updater.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::bundle {
namespace {

// Removes the private copy on every exit path.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::string path) : path_(std::move(path)) {}
  ~RemoveOnExit() { (void)fs::removeFile(path_); }
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
 private:
  std::string path_;
};

}  // namespace

Result<std::string> importBundle(const std::string& bundle_path, const std::string& state_dir,
                                 std::uint64_t max_bytes) {
  PSIRT_ASSIGN_OR_RETURN(src, fs::RandomAccessFile::open(bundle_path));
  if (src.size() > max_bytes) {
    return makeError(ErrorCategory::kLimit,
                     "bundle of " + std::to_string(src.size()) + " bytes exceeds the limit of " +
                         std::to_string(max_bytes),
                     "bundle " + bundle_path);
  }
  const state::Layout layout(state_dir);
  state::removeIncomingCopies(layout);
  PSIRT_ASSIGN_OR_RETURN(dest, state::newIncomingCopy(layout));
  Status st = fs::copyFileAtomic(bundle_path, dest, 0600, max_bytes);
  if (!st) {
    (void)fs::removeFile(dest);
    return st.error().within("copying bundle " + bundle_path + " into private storage");
  }
  return dest;
}

namespace {

// A bundle of ANOTHER repository is refused before the updater runs (one
// clear error, nothing written): it must carry our trusted root version N
// byte for byte, as every bundle of our repository does (docs/design.md#offline-bundle: every
// root version from 1). kSecurity / kUntrustedRoot — but only when that is
// what the bundle shows: a member that is absent, or a well-formed root that
// is not ours. A member that cannot be read (its SHA-256 fails, over the
// limit) or that is not root metadata at all is a DAMAGED bundle: the
// reader's or parser's error naming the member (kParse / kLimit), which
// `check` treats as any failed update (stale report from the last set).
Status checkSameRepository(const BundleReader& reader, const state::StateStore& store, const std::string& bundle_path) {
  PSIRT_ASSIGN_OR_RETURN(trusted, store.readRole(tuf::kRoot, 512u << 10));
  if (!trusted) return makeError(ErrorCategory::kUsage, "no trusted root (run 'psirt-agent trust init')");
  PSIRT_ASSIGN_OR_RETURN(root, tuf::parseRoot(*trusted));
  const std::string version = std::to_string(root.role.common.version);
  const std::string name = "metadata/" + version + ".root.json";
  auto theirs = reader.read(name, 512u << 10);
  if (!theirs && !tuf::isNotFound(theirs.error())) return theirs.error();
  if (!theirs) {
    return securityError(
        SecurityCode::kUntrustedRoot,
        "bundle is for another repository: it has no " + name + " (our trusted root v" + version + ")",
        bundle_path);
  }
  if (*theirs == *trusted) return okStatus();
  if (auto parsed = tuf::parseRoot(*theirs); !parsed) {
    return makeError(ErrorCategory::kParse,
                     "damaged bundle member " + name + ": " + parsed.error().describe(),
                     "bundle " + bundle_path);
  }
  return securityError(
      SecurityCode::kUntrustedRoot,
      "bundle is for another repository: its " + name + " is not our trusted root v" + version, bundle_path);
}

}  // namespace

Result<tuf::UpdateOutcome> updateFromBundle(const std::string& state_dir, const std::string& bundle_path,
                                            const clock::Clock& clock, const BundleUpdateOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(state_dir));
  PSIRT_ASSIGN_OR_RETURN(copy, importBundle(bundle_path, state_dir, options.limits.max_bundle_bytes));
  RemoveOnExit cleanup(copy);
  PSIRT_ASSIGN_OR_RETURN(reader, BundleReader::open(copy, options.limits, bundle_path));

  PSIRT_TRY(checkSameRepository(reader, store, bundle_path));

  BundleFetcher fetcher(reader);
  tuf::UpdaterOptions uo;
  uo.metadata_base = kMetadataBase;
  uo.targets_base = kTargetsBase;
  uo.build_time = options.build_time;
  return tuf::refreshAndStore(state_dir, std::move(store), fetcher, clock, uo, options.targets,
                              /*artifacts_optional=*/true);
}

}  // namespace psirt::bundle
