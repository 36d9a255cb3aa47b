// Every real vendor document of shared/real-csaf (Red Hat, CISA, BSI,
// Siemens) is read by the device's streaming reader and evaluated without
// error against RHEL 9, Debian 12 and OmniPCX inventories. The only refusals
// allowed are documents defining a product id twice (CSAF 6.1.2: which
// definition is meant cannot be known; the PSIRT's validator refuses them
// too). Invariant on real data: `fixed` and `not_affected` always rest on a
// statement (an anchor and a basis other than no-match/undecidable).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "agent/csaf/stream_reader.h"
#include "agent/evaluate/evaluator.h"
#include "tests/support/test_paths.h"

namespace psirt::evaluate {
namespace {

std::string readAll(const std::string& path) {
  std::string out;
  const bool xz = path.size() > 3 && path.compare(path.size() - 3, 3, ".xz") == 0;
  FILE* f = xz ? ::popen(("xz -dc '" + path + "'").c_str(), "r") : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    ADD_FAILURE() << "cannot read " << path;
    return out;
  }
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  if (xz ? ::pclose(f) != 0 : std::fclose(f) != 0) ADD_FAILURE() << "reading failed: " << path;
  return out;
}

InstalledItem os(const std::string& id, const std::string& version, const std::string& cpe) {
  InstalledItem i;
  i.ecosystem = "os";
  i.version_scheme = "generic";
  i.purl_type = "generic";
  i.purl_namespace = "os";
  i.name = id;
  i.version = version;
  i.cpe = cpe;
  return i;
}

InstalledItem pkg(const std::string& type, const std::string& ns, const std::string& name, const std::string& version,
                  const std::string& arch, const std::string& source) {
  InstalledItem i;
  i.ecosystem = type;
  i.version_scheme = type;
  i.purl_type = type;
  i.purl_namespace = ns;
  i.name = name;
  i.version = version;
  i.arch = arch;
  i.source_name = source;
  i.source_version = version;
  return i;
}

std::map<std::string, InventoryView> inventories() {
  std::map<std::string, InventoryView> out;
  auto& rhel = out["rhel-9.4"].items;
  rhel.push_back(os("rhel", "9.4", "cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*"));
  rhel.push_back(pkg("rpm", "redhat", "glibc", "2.34-83.el9_3.7", "x86_64", "glibc"));
  rhel.push_back(pkg("rpm", "redhat", "openssl-libs", "1:3.0.7-24.el9", "x86_64", "openssl"));
  rhel.push_back(pkg("rpm", "redhat", "samba-client", "4.18.6-100.el9", "x86_64", "samba"));
  rhel.push_back(pkg("rpm", "redhat", "kernel-core", "5.14.0-362.8.1.el9_3", "x86_64", "kernel"));
  rhel.push_back(pkg("rpm", "redhat", "sudo", "1.9.5p2-9.el9", "x86_64", "sudo"));
  auto& deb = out["debian-12"].items;
  deb.push_back(os("debian", "12", ""));
  deb.push_back(pkg("deb", "debian", "libssl3", "3.0.11-1~deb12u1", "amd64", "openssl"));
  deb.back().distro = "debian-12";
  auto& oxe = out["omnipcx"].items;
  InstalledItem v;
  v.ecosystem = "vendor";
  v.version_scheme = "omnipcx";
  v.purl_type = "generic";
  v.purl_namespace = "ale";
  v.name = "omnipcx-enterprise";
  v.version = "12.4-M5.304.19";
  oxe.push_back(v);
  return out;
}

TEST(RealCsaf, EveryDocumentIsReadAndEvaluatedWithoutError) {
  const std::string dir = test::realCsafDir();  // exits 77 (skipped) when missing
  const auto views = inventories();
  std::map<std::string, InventoryIndex> indexes;
  for (const auto& [name, view] : views) indexes.emplace(name, InventoryIndex(view));
  std::size_t documents = 0, refused = 0, listed = 0;
  std::map<std::string, std::size_t> by_status;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.find(".json") == std::string::npos) continue;
    SCOPED_TRACE(path);
    ++documents;
    const std::string bytes = readAll(path);
    auto advisory = csaf::readAdvisory(std::string_view(bytes));
    if (!advisory) {
      // The one refusal the device makes of signed documents.
      EXPECT_NE(advisory.error().describe().find("6.1.2"), std::string::npos) << advisory.error().describe();
      ++refused;
      continue;
    }
    for (const auto& [name, index] : indexes) {
      SCOPED_TRACE(name);
      auto eval = evaluateAdvisory(*advisory, index);
      ASSERT_TRUE(eval) << eval.error().describe();
      for (const auto& v : eval->verdicts) {
        ++by_status[std::string(toString(v.status))];
        if (v.status == Status::kNotInstalled) continue;
        ++listed;
        if (v.status == Status::kFixed || v.status == Status::kNotAffected) {
          EXPECT_FALSE(v.anchor.product_id.empty()) << v.vulnerability << " " << v.product;
          EXPECT_NE(v.basis, Basis::kUndecidable) << v.vulnerability << " " << v.product;
        }
        if (v.status == Status::kUnknown) {
          EXPECT_EQ(v.basis, Basis::kUndecidable) << v.vulnerability << " " << v.product;
        }
      }
    }
  }
  EXPECT_EQ(documents, 223u) << "59 Red Hat, 158 CISA, 5 BSI, 1 Siemens";
  EXPECT_EQ(refused, 5u) << "the five Red Hat VEX files that define a product id twice";
  EXPECT_GT(listed, 0u);
  for (const auto& [status, n] : by_status) std::printf("  %s: %zu\n", status.c_str(), n);
}

}  // namespace
}  // namespace psirt::evaluate
