#include "host/tuf_conformance_client/client.h"

#include <cstdio>

#include "agent/tuf/http_fetcher.h"
#include "agent/tuf/updater.h"
#include "platform/clock/clock.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/log/log.h"

namespace psirt::conformance {
namespace {

constexpr std::size_t kMaxRootFile = 512u << 10;

tuf::UpdaterOptions updaterOptions(const Args& args) {
  tuf::UpdaterOptions o;
  o.metadata_base = args.metadata_url;
  o.targets_base = args.target_base_url;
  o.build_time = 0;  // the suite fakes times far in the past; no build-time floor here
  return o;
}

// The TUF conformance harness serves plain HTTP on loopback.
transport::RequestOptions plainHttp() {
  transport::RequestOptions o;
  o.allow_insecure_http = true;
  return o;
}

void logRequests(const Args& args, const tuf::HttpFetcher& fetcher) {
  if (!args.verbose) return;
  for (const auto& url : fetcher.requested()) log::write("", "fetched " + url);
}

}  // namespace

std::string artifactFileName(const std::string& target_name) {
  std::string encoded = tuf::percentEncode(target_name);
  if (encoded.find_first_not_of('.') == std::string::npos) {  // "", ".", ".."
    encoded.clear();
    for (std::size_t i = 0; i < target_name.size(); ++i) encoded += "%2E";
    if (encoded.empty()) encoded = "%";
  }
  if (encoded.size() > 200) encoded = "%%" + crypto::toHex(crypto::sha256(crypto::asBytes(target_name)));
  return encoded;
}

Status runInit(const Args& args) {
  PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(args.root_file, kMaxRootFile));
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openMetadataDir(args.metadata_dir));
  return store.writeRole(tuf::kRoot, bytes);
}

Status runRefresh(const Args& args) {
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openMetadataDir(args.metadata_dir));
  tuf::HttpFetcher fetcher(plainHttp());
  clock::SystemClock clock;
  tuf::Updater updater(std::move(store), fetcher, clock, updaterOptions(args));
  Status st = updater.refresh();
  logRequests(args, fetcher);
  for (const auto& w : updater.report().warnings) log::warning("", w);
  return st;
}

Status runDownload(const Args& args) {
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openMetadataDir(args.metadata_dir));
  tuf::HttpFetcher fetcher(plainHttp());
  clock::SystemClock clock;
  tuf::Updater updater(std::move(store), fetcher, clock, updaterOptions(args));
  Status st = updater.refresh();
  for (std::size_t i = 0; st && i < args.target_names.size(); ++i) {
    const std::string& name = args.target_names[i];
    auto match = updater.findTarget(name);
    if (!match) {
      st = match.error().within("target " + name);
      break;
    }
    PSIRT_TRY(fs::makeDirectories(args.target_dir));
    const std::string path = fs::joinPath(args.target_dir, artifactFileName(name));
    auto max = tuf::listedLength(match->file.length, name);
    if (!max) {
      st = max.error();
      break;
    }
    auto cached = fs::readFile(path, *max);
    if (cached && updater.verifyTarget(*match, *cached)) {
      if (args.verbose) log::write("", "cached " + name);
      continue;
    }
    auto bytes = updater.downloadTarget(*match);
    if (!bytes) {
      st = bytes.error().within("target " + name);
      break;
    }
    st = fs::writeFileAtomic(path, *bytes, 0644);
  }
  logRequests(args, fetcher);
  return st;
}

}  // namespace psirt::conformance
