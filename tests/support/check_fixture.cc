#include "tests/support/check_fixture.h"

#include "agent/bundle/writer.h"
#include "agent/repo_builder/repository.h"
#include "platform/fs/fs.h"

namespace psirt::test {
namespace {

using repo::Repository;
using repo::SigningKey;

struct Advisory {
  const char* file;
  const char* expected;  // worst verdict status on the fixture's sysroot
};

// Expected verdicts on the sysroot below (docs/formats/evaluation.md):
constexpr Advisory kAdvisories[] = {
    {"omnipcx-asa.json", "affected"},                   // 12.4-M5.304.19 is listed known_affected
    {"early-workaround.json", "affected"},              // inside the affected range, workaround only
    {"rh-fixed-only.json", "not_installed"},            // no rpm on a Debian appliance
    {"debian-dsa.json", "affected"},                    // libssl3 from openssl 3.0.11-1~deb12u1
    {"vex-gateway.json", "not_affected"},               // webrtc-gateway 2.5.1: VEX not affected
    {"under-investigation.json", "under_investigation"},  // standby partition 12.4-M5.305.1
};

Result<SigningKey> key(const std::string& label) { return SigningKey::ed25519FromLabel("check-fixture/" + label); }

Result<Repository> makeRepository(const std::string& prefix, std::int64_t now) {
  PSIRT_ASSIGN_OR_RETURN(root, key(prefix + "root"));
  PSIRT_ASSIGN_OR_RETURN(ts, key(prefix + "timestamp"));
  PSIRT_ASSIGN_OR_RETURN(snap, key(prefix + "snapshot"));
  PSIRT_ASSIGN_OR_RETURN(targets, key(prefix + "targets"));
  Repository r(Repository::TopLevelKeys{std::move(root), std::move(ts), std::move(snap), std::move(targets)}, now);
  r.setIssued(now);
  PSIRT_ASSIGN_OR_RETURN(adv, key(prefix + "advisories"));
  repo::Delegation d;
  d.name = "advisories";
  d.paths = {"advisories/*"};
  PSIRT_TRY(r.delegate("targets", d, {adv}));
  PSIRT_TRY(r.publishRoot());
  return r;
}

Status addAdvisories(Repository& r, const std::string& advisories_dir, bool withdraw_last) {
  for (const auto& a : kAdvisories) {
    if (withdraw_last && std::string(a.file) == "under-investigation.json") continue;
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(fs::joinPath(advisories_dir, a.file), 8u << 20));
    PSIRT_TRY(r.addTarget("advisories", std::string("advisories/") + a.file, bytes));
  }
  return okStatus();
}

Status writeBundle(const Repository& r, const std::string& dir, const std::string& path) {
  PSIRT_TRY(r.writeTo(dir));
  bundle::BundleWriter w;
  PSIRT_TRY(w.addRepositoryDirectory(dir));
  return w.write(path);
}

Status writeSysroot(const std::string& root) {
  PSIRT_TRY(fs::makeDirectories(fs::joinPath(root, "etc/psirt/sbom")));
  PSIRT_TRY(fs::makeDirectories(fs::joinPath(root, "var/lib/dpkg")));
  PSIRT_TRY(fs::writeFileAtomic(fs::joinPath(root, "etc/os-release"),
                                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                                "VERSION_ID=\"12\"\nID=debian\n",
                                0644));
  PSIRT_TRY(fs::writeFileAtomic(fs::joinPath(root, "var/lib/dpkg/status"),
                                "Package: bash\nStatus: install ok installed\nArchitecture: amd64\n"
                                "Version: 5.2.15-2+b2\n\n"
                                "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                                "Source: openssl\nVersion: 3.0.11-1~deb12u1\n\n"
                                "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
                                "Source: zlib\nVersion: 1:1.2.13.dfsg-1\n\n",
                                0644));
  PSIRT_TRY(fs::writeFileAtomic(
      fs::joinPath(root, "etc/psirt/product-manifest.json"),
      R"({"format": "psirt-product-manifest", "format_version": 1, "vendor": "ale",
  "product": "omnipcx-enterprise",
  "cpe": {"vendor": "alcatel-lucent_enterprise", "product": "omnipcx_enterprise"},
  "release_line": "12.4", "version": "12.4-M5.304.19",
  "partitions": [{"name": "A", "role": "active", "version": "12.4-M5.304.19"},
                 {"name": "B", "role": "standby", "version": "12.4-M5.305.1"}]}
)",
      0644));
  return fs::writeFileAtomic(
      fs::joinPath(root, "etc/psirt/sbom/webrtc-gateway.json"),
      R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "components": [{"type": "application", "group": "ale", "name": "webrtc-gateway", "version": "2.5.1",
                  "purl": "pkg:generic/ale/webrtc-gateway@2.5.1"}]}
)",
      0644);
}

}  // namespace

Status writeDirectoryRepository(const std::string& dir, const std::string& advisories_dir, std::int64_t now) {
  PSIRT_TRY(fs::makeDirectories(dir));
  PSIRT_ASSIGN_OR_RETURN(r, makeRepository("", now));
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(advisories_dir));
  for (const auto& e : entries) {
    if (!e.is_regular) continue;
    PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(fs::joinPath(advisories_dir, e.name), 64u << 20));
    PSIRT_TRY(r.addTarget("advisories", "advisories/" + e.name, bytes));
  }
  PSIRT_TRY(r.publish());
  PSIRT_TRY(r.writeTo(fs::joinPath(dir, "repo")));
  PSIRT_ASSIGN_OR_RETURN(root, r.file("metadata/1.root.json"));
  return fs::writeFileAtomic(fs::joinPath(dir, "root.json"), root, 0644);
}

Status writeCheckFixture(const std::string& dir, const std::string& advisories_dir, std::int64_t now) {
  PSIRT_TRY(fs::makeDirectories(dir));
  // v1, its bundle and the root to provision.
  PSIRT_ASSIGN_OR_RETURN(v1, makeRepository("", now));
  PSIRT_TRY(addAdvisories(v1, advisories_dir, false));
  PSIRT_TRY(v1.publish());
  PSIRT_TRY(writeBundle(v1, fs::joinPath(dir, "repo"), fs::joinPath(dir, "repo.psb")));
  PSIRT_ASSIGN_OR_RETURN(root, v1.file("metadata/1.root.json"));
  PSIRT_TRY(fs::writeFileAtomic(fs::joinPath(dir, "root.json"), root, 0644));

  // Hostile: v1 plus a timestamp v2 signed by an unknown key.
  PSIRT_ASSIGN_OR_RETURN(rogue, key("rogue-timestamp"));
  PSIRT_TRY(v1.setSigners(repo::kTimestamp, {rogue}));
  PSIRT_TRY(v1.bumpVersion(repo::kTimestamp));
  PSIRT_TRY(v1.publishRole(repo::kTimestamp));
  PSIRT_TRY(v1.writeTo(fs::joinPath(dir, "hostile")));

  // v2: one advisory withdrawn; same keys, higher versions.
  PSIRT_ASSIGN_OR_RETURN(v2, makeRepository("", now));
  PSIRT_TRY(addAdvisories(v2, advisories_dir, true));
  for (auto role : {"timestamp", "snapshot", "targets", "advisories"}) PSIRT_TRY(v2.setVersion(role, 2));
  PSIRT_TRY(v2.publish());
  PSIRT_TRY(v2.writeTo(fs::joinPath(dir, "repo-v2")));

  // Another vendor's repository entirely.
  PSIRT_ASSIGN_OR_RETURN(other, makeRepository("other-", now));
  PSIRT_TRY(addAdvisories(other, advisories_dir, false));
  PSIRT_TRY(other.publish());
  PSIRT_TRY(writeBundle(other, fs::joinPath(dir, "foreign"), fs::joinPath(dir, "foreign.psb")));

  PSIRT_TRY(writeSysroot(fs::joinPath(dir, "sysroot")));
  std::string expected;
  for (const auto& a : kAdvisories) expected += std::string("advisories/") + a.file + "\t" + a.expected + "\n";
  return fs::writeFileAtomic(fs::joinPath(dir, "expected.tsv"), expected, 0644);
}

}  // namespace psirt::test
