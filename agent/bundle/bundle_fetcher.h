// tuf::Fetcher over an open BundleReader: a location is an entry name
// ("metadata/2.root.json", "targets/advisories/<hash>.x.json"), so the
// updater runs with metadata_base "metadata/" and targets_base "targets/".
#pragma once

#include "agent/bundle/reader.h"
#include "agent/tuf/fetcher.h"

namespace psirt::bundle {

inline constexpr const char* kMetadataBase = "metadata/";
inline constexpr const char* kTargetsBase = "targets/";

class BundleFetcher final : public tuf::Fetcher {
 public:
  // `reader` must outlive the fetcher.
  explicit BundleFetcher(const BundleReader& reader) : reader_(reader) {}
  // Missing -> kIo with code tuf::kFetchNotFound; longer than max_bytes ->
  // kLimit without reading; at most max_bytes are ever buffered.
  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override;

 private:
  const BundleReader& reader_;
};

}  // namespace psirt::bundle
