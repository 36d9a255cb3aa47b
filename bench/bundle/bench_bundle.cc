// Offline update cost: a 2,000-target repository (~40 MB, delegated
// "advisories" role) updated into a fresh state from its directory
// (DirectoryFetcher, as --repo) and from its bundle (import copy + open +
// verify, as --bundle). Prints the median of 5 wall times of each and of
// "SHA-256 of all targets" for scale. Usage: bench_bundle [targets] [bytes]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "agent/bundle/update.h"
#include "agent/bundle/writer.h"
#include "agent/repo_builder/repository.h"
#include "agent/tuf/updater.h"
#include "platform/clock/clock.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_keys.h"

using namespace psirt;

namespace {

double medianMs(int runs, const std::function<void(int)>& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    f(i);
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void check(const Status& st, const char* what) {
  if (!st) {
    std::fprintf(stderr, "%s: %s\n", what, st.error().describe().c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  const std::size_t size = argc > 2 ? static_cast<std::size_t>(std::atoll(argv[2])) : 20000;
  constexpr repo::Seconds kNow = 1767225600;
  const clock::FixedClock clk(kNow + 60);
  test::TempDir tmp;
  repo::Repository r(test::defaultTopLevelKeys(), kNow);
  check(r.delegate("targets", {"advisories", {"advisories/*"}, {}, false, 1}, {test::ed25519Key("adv")}), "delegate");
  std::vector<std::string> contents;
  for (int i = 0; i < n; ++i) {
    std::string c(size, static_cast<char>('a' + i % 26));
    c.replace(0, std::to_string(i).size(), std::to_string(i));
    check(r.addTarget("advisories", "advisories/a-" + std::to_string(i) + ".json", c), "addTarget");
    contents.push_back(std::move(c));
  }
  check(r.publishRoot(), "publishRoot");
  check(r.publish(), "publish");
  const std::string repo_dir = tmp.file("repo");
  check(r.writeTo(repo_dir), "writeTo");
  bundle::BundleWriter w;
  check(w.addRepositoryDirectory(repo_dir), "addRepositoryDirectory");
  const std::string psb = tmp.file("repo.psb");
  check(w.write(psb), "write");
  const std::string root = *r.file("metadata/1.root.json");

  auto freshState = [&](const std::string& name) {
    const std::string dir = tmp.file(name);
    auto store = state::StateStore::openStateDir(dir);
    if (!store) check(store.error(), "state");
    check(store->writeRole("root", root), "state");
    return dir;
  };
  const double hash_ms = medianMs(5, [&](int) {
    for (const auto& c : contents) (void)crypto::sha256(crypto::asBytes(c));
  });
  const double dir_ms = medianMs(5, [&](int i) {
    const std::string dir = freshState("d" + std::to_string(i));
    auto store = state::StateStore::openStateDir(dir);
    tuf::DirectoryFetcher f(repo_dir);
    tuf::UpdaterOptions o;
    o.metadata_base = repo_dir + "/metadata/";
    o.targets_base = repo_dir + "/targets/";
    tuf::Updater u(*store, f, clk, o);
    check(u.refresh(), "refresh");
    auto names = u.knownTargetNames();
    for (const auto& t : *names) {
      auto stored = u.storeTarget(*u.findTarget(t));
      if (!stored) check(stored.error(), "store");
    }
  });
  const double bundle_ms = medianMs(5, [&](int i) {
    auto out = bundle::updateFromBundle(freshState("b" + std::to_string(i)), psb, clk);
    if (!out) check(out.error(), "updateFromBundle");
  });
  auto bundle_bytes = fs::readFile(psb, std::size_t{1} << 30);
  std::printf("%d targets x %zu bytes, bundle %zu bytes\n", n, size, bundle_bytes ? bundle_bytes->size() : 0);
  std::printf("sha256 of all targets: %.1f ms\ndirectory update:      %.1f ms\nbundle update:         %.1f ms (%.2fx directory)\n",
              hash_ms, dir_ms, bundle_ms, bundle_ms / dir_ms);
  return 0;
}
