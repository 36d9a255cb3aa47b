// psirt-bench-workload: writes the `check` benchmark workload (issue #7,
// docs/design.md#budgets) into a new directory, deterministically from a seed:
//
//   OUT/sysroot/         a Debian 12 appliance root: etc/os-release and
//                        var/lib/dpkg/status with --packages packages
//   OUT/repo/            a signed TUF repository (consistent snapshots,
//                        top-level targets delegating advisories/* to the
//                        `advisories` role, x-psirt-issued, Ed25519 keys from
//                        fixed labels, expiring 20 years after --now)
//   OUT/bundle.psb       the same repository as an offline bundle
//   OUT/root.json        root v1 to provision (trust init --custom-root)
//   OUT/targets.txt      repo-relative path of each advisory's stored file
//                        (what the baseline program reads)
//   OUT/expected.tsv     target name <TAB> planned worst status
//   OUT/summary.txt      counts and sizes (also printed)
//
// usage: psirt-bench-workload --out DIR [--packages N] [--advisories M]
//                             [--big K] [--big-bytes B] [--seed S] [--now T]
// Defaults: 2,000 packages, 2,000 advisories, K = max(1, M/100) advisories
// over B = 1,100,000 bytes (1.1 MB), seed 1, now 2026-01-01T00:00:00Z.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "agent/bundle/writer.h"
#include "agent/repo_builder/repository.h"
#include "bench/workload/advisory.h"
#include "bench/workload/packages.h"
#include "platform/fs/fs.h"

using namespace psirt;

namespace {

int die(const std::string& message) {
  std::fprintf(stderr, "psirt-bench-workload: %s\n", message.c_str());
  return 1;
}

struct Options {
  std::string out;
  long long packages = 2000, advisories = 2000, big = -1, big_bytes = 1100000, seed = 1;
  long long now = 1767225600;
};

bool parse(int argc, char** argv, Options& o, std::string& error) {
  std::map<std::string, long long*> numbers = {{"--packages", &o.packages}, {"--advisories", &o.advisories},
                                               {"--big", &o.big},           {"--big-bytes", &o.big_bytes},
                                               {"--seed", &o.seed},         {"--now", &o.now}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return error = "missing value after " + a, false;
    const std::string v = argv[++i];
    if (a == "--out") {
      o.out = v;
    } else if (auto it = numbers.find(a); it != numbers.end()) {
      char* end = nullptr;
      *it->second = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || *it->second < 0) return error = a + " needs a non-negative integer, not '" + v + "'", false;
    } else {
      return error = "unknown option '" + a + "'", false;
    }
  }
  if (o.out.empty()) return error = "--out DIR is required", false;
  if (o.packages < 1 || o.advisories < 1) return error = "--packages and --advisories must be at least 1", false;
  if (o.big < 0) o.big = std::max(1LL, o.advisories / 100);
  if (o.big > o.advisories) return error = "--big exceeds --advisories", false;
  return true;
}

#define TRY(expr)                                                     \
  do {                                                                \
    auto _st = (expr);                                                \
    if (!_st) return die(_st.error().describe());                     \
  } while (0)

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string error;
  if (!parse(argc, argv, o, error)) {
    std::fprintf(stderr,
                 "usage: psirt-bench-workload --out DIR [--packages N] [--advisories M] [--big K]\n"
                 "                            [--big-bytes B] [--seed S] [--now UNIX_SECONDS]\n");
    return die(error);
  }
  auto present = fs::exists(o.out);
  if (!present) return die(present.error().describe());
  if (*present) return die(o.out + ": already exists (the generator only writes a new directory)");

  bench::Rng rng(static_cast<std::uint64_t>(o.seed));
  const bench::System system = bench::makeSystem(rng, static_cast<int>(o.packages));
  const std::string sysroot = fs::joinPath(o.out, "sysroot");
  TRY(fs::makeDirectories(fs::joinPath(sysroot, "etc"), 0755));
  TRY(fs::makeDirectories(fs::joinPath(sysroot, "var/lib/dpkg"), 0755));
  TRY(fs::writeFileAtomic(fs::joinPath(sysroot, "etc/os-release"),
                          "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                          "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n",
                          0644));
  TRY(fs::writeFileAtomic(fs::joinPath(sysroot, "var/lib/dpkg/status"), bench::dpkgStatus(system, rng), 0644));

  auto key = [](const char* role) { return repo::SigningKey::ed25519FromLabel(std::string("psirt-bench/") + role); };
  auto root = key("root"), ts = key("timestamp"), snap = key("snapshot"), targets = key("targets"), adv = key("advisories");
  for (auto* k : {&root, &ts, &snap, &targets, &adv})
    if (!*k) return die(k->error().describe());
  repo::Repository r(repo::Repository::TopLevelKeys{*root, *ts, *snap, *targets}, o.now);
  r.setIssued(o.now);
  repo::Delegation d;
  d.name = "advisories";
  d.paths = {"advisories/*"};
  TRY(r.delegate("targets", d, {*adv}));
  const repo::Seconds expires = o.now + 20LL * 365 * 86400;
  for (const char* role : {"root", "timestamp", "snapshot", "targets", "advisories"}) TRY(r.setExpires(role, expires));
  TRY(r.publishRoot());

  // Big advisories spread evenly through the numbering.
  std::string expected;
  std::map<std::string, int> by_status;
  std::size_t total = 0, over_1mb = 0, largest = 0;
  const long long stride = o.big > 0 ? o.advisories / o.big : 0;
  for (long long i = 0; i < o.advisories; ++i) {
    const bool big = o.big > 0 && i % stride == stride / 2 && i / stride < o.big;
    const bench::Advisory a =
        bench::makeAdvisory(static_cast<int>(i), system, rng, big ? static_cast<std::size_t>(o.big_bytes) : 0);
    TRY(r.addTarget("advisories", a.target_name, a.text));
    expected += a.target_name + "\t" + a.expected + "\n";
    ++by_status[a.expected];
    total += a.text.size();
    largest = std::max(largest, a.text.size());
    if (a.text.size() > 1000000) ++over_1mb;
  }
  TRY(r.publish());
  const std::string repo_dir = fs::joinPath(o.out, "repo");
  TRY(r.writeTo(repo_dir));
  bundle::BundleWriter w;
  TRY(w.addRepositoryDirectory(repo_dir));
  TRY(w.write(fs::joinPath(o.out, "bundle.psb")));
  auto root_json = r.file("metadata/1.root.json");
  if (!root_json) return die(root_json.error().describe());
  TRY(fs::writeFileAtomic(fs::joinPath(o.out, "root.json"), *root_json, 0644));

  std::string list;
  std::size_t pos = 0;
  while (pos < expected.size()) {
    const std::size_t tab = expected.find('\t', pos);
    const std::size_t nl = expected.find('\n', pos);
    auto name = r.targetName(expected.substr(pos, tab - pos));
    if (!name) return die(name.error().describe());
    list += *name + "\n";
    pos = nl + 1;
  }
  TRY(fs::writeFileAtomic(fs::joinPath(o.out, "targets.txt"), list, 0644));
  TRY(fs::writeFileAtomic(fs::joinPath(o.out, "expected.tsv"), expected, 0644));

  char buf[512];
  std::snprintf(buf, sizeof buf,
                "packages %zu (%zu source packages)\nadvisories %lld, %zu bytes, %zu over 1 MB, largest %zu bytes\n",
                system.package_count, system.sources.size(), o.advisories, total, over_1mb, largest);
  std::string summary = buf;
  summary += "planned worst status:";
  for (const auto& [status, n] : by_status) summary += " " + status + "=" + std::to_string(n);
  summary += "\nseed " + std::to_string(o.seed) + "\n";
  TRY(fs::writeFileAtomic(fs::joinPath(o.out, "summary.txt"), summary, 0644));
  std::fputs(summary.c_str(), stdout);
  return 0;
}
