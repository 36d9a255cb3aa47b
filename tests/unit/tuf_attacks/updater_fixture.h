// Updater-level fixture: the repository of AttackFixture served through a
// RecordingFetcher, a metadata directory as trusted state, a fixed clock.
#pragma once

#include <map>

#include "agent/tuf/updater.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/tuf_attacks/fixture.h"
#include "tests/unit/tuf_attacks/recording_fetcher.h"

namespace psirt::test {

class UpdaterAttack : public AttackFixture {
 protected:
  UpdaterAttack() { EXPECT_TRUE(fs::writeFileAtomic(dir_.file("root.json"), file("metadata/1.root.json"))); }

  struct Run {
    Status status;
    std::vector<std::string> fetches;  // served names, in order
    std::string target_bytes;          // downloadTarget() result, if asked
  };

  tuf::UpdaterOptions options() const {
    tuf::UpdaterOptions o;
    o.metadata_base = kMetadataBase;
    o.targets_base = kTargetsBase;
    return o;
  }

  // One refresh (and optionally one target search + download) by a new Updater.
  Run refresh(repo::Seconds now = kNow, const std::string& target = "") {
    auto store = state::StateStore::openMetadataDir(dir_.path());
    EXPECT_TRUE(store);
    clock::FixedClock clock(now);
    fetcher_.clear();
    tuf::Updater u(std::move(*store), fetcher_, clock, options());
    Run run{u.refresh(), {}, {}};
    if (run.status && !target.empty()) {
      auto match = u.findTarget(target);
      if (!match) {
        run.status = match.error();
      } else {
        auto bytes = u.downloadTarget(*match);
        if (bytes) {
          run.target_bytes = *bytes;
        } else {
          run.status = bytes.error();
        }
      }
    }
    run.fetches = fetcher_.requests();
    return run;
  }

  // The trusted state on disk: every *.json in the metadata directory.
  std::map<std::string, std::string> state() const {
    std::map<std::string, std::string> out;
    auto entries = fs::listDirectory(dir_.path());
    EXPECT_TRUE(entries);
    for (const auto& e : *entries) {
      if (e.name.size() < 5 || e.name.compare(e.name.size() - 5, 5, ".json") != 0) continue;
      out[e.name] = *fs::readFile(dir_.file(e.name), 1 << 24);
    }
    return out;
  }

  // The state a verified refresh of the current repository must leave.
  std::map<std::string, std::string> servedTopLevel(std::int64_t root_version) const {
    return {{"root.json", file("metadata/" + std::to_string(root_version) + ".root.json")},
            {"timestamp.json", meta(repo::kTimestamp)},
            {"snapshot.json", meta(repo::kSnapshot)},
            {"targets.json", meta(repo::kTargets)}};
  }

  TempDir dir_;
  RecordingFetcher fetcher_{repo_};
};

using Fetches = std::vector<std::string>;

}  // namespace psirt::test
