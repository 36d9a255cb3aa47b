// A tuf::Fetcher test double that serves a repo_builder Repository's files
// and records every request, so tests assert the exact fetch sequence.
// Locations are kBase + served name ("http://repo.test/metadata/2.root.json");
// requests() holds the served names. A missing file is a 404 (kIo,
// kFetchNotFound). Files marked endless() never end: the fetcher delivers
// max_bytes + 1 bytes and fails with kLimit, as a real transport must.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/repo_builder/repository.h"
#include "agent/tuf/fetcher.h"

namespace psirt::test {

inline constexpr const char* kBase = "http://repo.test/";
inline constexpr const char* kMetadataBase = "http://repo.test/metadata/";
inline constexpr const char* kTargetsBase = "http://repo.test/targets/";

class RecordingFetcher final : public tuf::Fetcher {
 public:
  explicit RecordingFetcher(const repo::Repository& repository) : repo_(repository) {}

  Result<std::string> fetch(const std::string& location, std::size_t max_bytes) override {
    std::string name = location.rfind(kBase, 0) == 0 ? location.substr(std::string(kBase).size()) : location;
    requests_.push_back(name);
    if (endless_.count(name) != 0) {
      bytes_delivered_[name] = max_bytes + 1;
      return makeError(ErrorCategory::kLimit, "more than " + std::to_string(max_bytes) + " bytes", location);
    }
    const auto& files = repo_.files();
    auto it = files.find(name);
    if (it == files.end()) return makeError(ErrorCategory::kIo, "not found (HTTP 404)", location, tuf::kFetchNotFound);
    if (it->second.size() > max_bytes) {
      bytes_delivered_[name] = max_bytes + 1;
      return makeError(ErrorCategory::kLimit, "more than " + std::to_string(max_bytes) + " bytes", location);
    }
    bytes_delivered_[name] = it->second.size();
    return it->second;
  }

  void endless(const std::string& name) { endless_.insert(name); }
  const std::vector<std::string>& requests() const { return requests_; }
  void clear() { requests_.clear(); }
  std::size_t bytesDelivered(const std::string& name) const {
    auto it = bytes_delivered_.find(name);
    return it == bytes_delivered_.end() ? 0 : it->second;
  }

 private:
  const repo::Repository& repo_;
  std::set<std::string> endless_;
  std::vector<std::string> requests_;
  std::map<std::string, std::size_t> bytes_delivered_;
};

}  // namespace psirt::test
