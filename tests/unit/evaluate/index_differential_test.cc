// InventoryIndex never changes a verdict. Three layers, all seeded:
//  1. the allocation-free matchesIdentity equals its former definition (kept
//     below as referenceMatchesIdentity: lower() copies, needle + find);
//  2. candidates(id) holds every item matchesIdentity accepts, once each, in
//     inventory order (random identities, ':' inside CPE values included);
//  3. evaluateDocument through the index and through the linear scan give
//     identical verdict lists for every fixture in tests/unit/evaluate/docs,
//     as written and rewritten to identify products by CPE and by vendor /
//     product branches only, over randomized inventories.
// 1 + 3 together: the indexed path gives the verdicts of the old linear one.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "agent/csaf/advisory_convert.h"
#include "agent/csaf/product_index.h"
#include "agent/csaf/reader.h"
#include "agent/evaluate/evaluator.h"
#include "agent/evaluate/train.h"
#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "tests/support/test_paths.h"

namespace psirt::evaluate {
namespace {

// ---- 1. the former matchesIdentity (string-building, allocating), with the
// source-package rule of evaluation.md R1 (purl arch "src") ----
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool archCompatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty() || a == b) return true;
  return a == "all" || b == "all" || a == "noarch" || b == "noarch";
}

bool referenceMatchesIdentity(const Identity& id, const InstalledItem& item, MatchedVersion* out) {
  MatchedVersion mv{item.version, false};
  bool match = false;
  if (!id.purl_type.empty()) {
    if (id.purl_type != item.purl_type) return false;
    if (!id.purl_namespace.empty() && !item.purl_namespace.empty() &&
        lower(id.purl_namespace) != lower(item.purl_namespace)) {
      return false;
    }
    const bool source_only = id.arch == "src";
    if (!source_only && !archCompatible(id.arch, item.arch)) return false;
    if (!source_only && id.name == item.name) match = true;
    const bool by_source = id.purl_type == "deb" || source_only || (id.purl_type == "rpm" && id.arch.empty());
    if (by_source && !item.source_name.empty() && id.name == item.source_name) {
      match = true;
      if (id.purl_type == "deb") mv = {item.source_version.empty() ? item.version : item.source_version, true};
    }
  } else if (!id.cpe_vendor.empty()) {
    const std::string needle = ":" + id.cpe_vendor + ":" + id.cpe_product + ":";
    match = !item.cpe.empty() && lower(item.cpe).find(needle) != std::string::npos;
  } else if (!id.vendor.empty() && !id.product_name.empty()) {
    match = item.ecosystem == "vendor" && normaliseName(item.purl_namespace) == id.vendor &&
            normaliseName(item.name) == id.product_name;
  }
  if (match && out != nullptr) *out = mv;
  return match;
}

// ---- random inventories shaped after the identities they are tested with ----
class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  template <class T>
  T pick(const std::vector<T>& v) { return v[below(v.size())]; }

  // Random upper-casing: the same name for case-insensitive fields, another
  // one for case-sensitive ones.
  std::string caseVariant(std::string s) {
    for (auto& c : s) {
      if (chance(30)) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
  }
  // A raw vendor/product name that normalises back to `n` (or nearly).
  std::string denormalise(std::string s) {
    for (auto& c : s) {
      if (c == '-' && chance(40)) c = chance(50) ? ' ' : '_';
    }
    return chance(90) ? caseVariant(s) : s + "x";
  }

  InstalledItem item(const std::vector<Identity>& ids, const std::vector<std::string>& versions) {
    return item(pick(ids), versions);
  }

  InstalledItem item(const Identity& id, const std::vector<std::string>& versions) {
    static const std::vector<std::string> kArch = {"", "amd64", "all", "noarch", "x86_64", "i686", "arm64"};
    static const std::vector<std::string> kDistro = {"", "debian-12", "DEBIAN-12", "debian-11", "el8"};
    static const std::vector<std::string> kScheme = {"deb", "rpm", "omnipcx", "generic", "pypi", "nope"};
    InstalledItem it;
    it.purl_type = chance(85) ? id.purl_type : pick(std::vector<std::string>{"deb", "rpm", "generic", "pypi"});
    if (it.purl_type.empty()) it.purl_type = "generic";
    it.ecosystem = it.purl_type == "deb" || it.purl_type == "rpm" ? it.purl_type : chance(70) ? "vendor" : "sbom";
    it.version_scheme = chance(85) ? (it.purl_type == "deb" || it.purl_type == "rpm" ? it.purl_type : "omnipcx")
                                   : pick(kScheme);
    const std::string vendor = !id.vendor.empty() ? id.vendor : !id.purl_namespace.empty() ? id.purl_namespace : "ale";
    const std::string product = !id.product_name.empty() ? id.product_name : !id.name.empty() ? id.name : "x";
    it.purl_namespace = pick(std::vector<std::string>{id.purl_namespace, caseVariant(id.purl_namespace), "",
                                                      "other", denormalise(vendor)});
    std::string base = !id.name.empty() ? id.name : product;
    it.name = pick(std::vector<std::string>{base, base, caseVariant(base), "lib" + base + "3", denormalise(product)});
    if (chance(50)) it.source_name = pick(std::vector<std::string>{base, caseVariant(base), "other", ""});
    it.version = pick(versions);
    if (chance(40)) it.source_version = pick(versions);
    it.arch = chance(70) ? pick(kArch) : id.arch;
    it.distro = chance(70) ? pick(kDistro) : id.distro;
    if (chance(35)) it.cpe = cpe(id);
    it.uncertain = chance(5);
    if (chance(20)) it.label = "item " + std::to_string(below(1000));
    return it;
  }

  std::string cpe(const Identity& id) {
    std::string v = !id.cpe_vendor.empty() ? id.cpe_vendor : !id.vendor.empty() ? id.vendor : id.purl_namespace;
    std::string p = !id.cpe_vendor.empty() ? id.cpe_product : !id.product_name.empty() ? id.product_name : id.name;
    if (chance(20)) {  // as a manifest reader writes it
      if (auto c = identity::makeCpe("a", v, p, "1.0")) return c->toFormattedString();
    }
    std::string head = chance(80) ? "cpe:2.3:" + pick(std::vector<std::string>{"a", "o", "h"}) : "cpe:/a";
    return head + ":" + caseVariant(v) + ":" + (chance(90) ? caseVariant(p) : p + "-x") +
           (chance(90) ? ":1.0:*:*:*:*:*:*:*" : "");
  }

 private:
  std::mt19937 rng_;
};

// ---- 3. fixtures and their rewrites ----
enum class Rewrite { kAsWritten, kCpeOnly, kBranchesOnly };

void rewriteProduct(csaf::FullProductName& p, Rewrite how) {
  if (!p.helper) return;
  if (how == Rewrite::kBranchesOnly) {
    p.helper.reset();
    return;
  }
  auto purl = identity::parsePurl(p.helper->purl);
  if (!purl) return;
  auto c = identity::makeCpe("a", purl->namespace_.empty() ? purl->type : purl->namespace_, purl->name, purl->version);
  if (!c) return;
  p.helper->purl.clear();
  p.helper->cpe = c->toFormattedString();
}

void rewriteBranches(std::vector<csaf::Branch>& branches, Rewrite how) {
  for (auto& b : branches) {
    if (b.product) rewriteProduct(*b.product, how);
    rewriteBranches(b.branches, how);
  }
}

csaf::Document rewritten(csaf::Document doc, Rewrite how) {
  if (how == Rewrite::kAsWritten) return doc;
  rewriteBranches(doc.product_tree.branches, how);
  for (auto& p : doc.product_tree.full_product_names) rewriteProduct(p, how);
  for (auto& r : doc.product_tree.relationships) rewriteProduct(r.full_product_name, how);
  return doc;
}

std::vector<Identity> identitiesOf(const csaf::Document& doc, std::vector<std::string>* versions) {
  std::vector<Identity> out;
  const csaf::ProductIndex index(doc);
  const csaf::Advisory advisory = csaf::toAdvisory(doc);
  const ProductCatalog catalog(advisory);
  for (const auto& entry : index.products()) {
    const ProductDescriptor* d = catalog.find(entry.product_id);
    if (d == nullptr || d->identity.key().empty()) continue;
    out.push_back(d->identity);
    if (d->version.kind == VersionSpec::Kind::kExact) versions->push_back(d->version.text);
  }
  return out;
}

std::string describe(const Evaluation& e) {
  std::ostringstream o;
  auto anchor = [&](const Anchor& a) { o << " anchor=" << a.product_id << "|" << a.list << "|" << a.version; };
  for (const auto& v : e.verdicts) {
    o << v.vulnerability << " x " << v.product << " " << toString(v.status) << " " << toString(v.basis) << " R"
      << v.rule << " ids=";
    for (const auto& id : v.product_ids) o << id << ",";
    anchor(v.anchor);
    o << " band=" << v.scores.band << " remediations=" << v.remediations.size() << "\n";
    for (const auto& i : v.instances) {
      o << "  " << i.item << " @" << i.installed_version << " " << toString(i.status) << " " << toString(i.basis)
        << " R" << i.rule << " " << i.reason;
      anchor(i.anchor);
      o << "\n";
    }
  }
  for (const auto& err : e.document_errors) o << "error: " << err << "\n";
  return o.str();
}

std::vector<std::filesystem::path> fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& f : std::filesystem::directory_iterator(test::sourcePath("tests/unit/evaluate/docs"))) {
    if (f.path().extension() == ".json") out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The identities of every fixture in its three rewrites, plus CPE values as
// parseCpe leaves them (quoted characters, a quoted ':', no product).
std::vector<Identity> allIdentities(std::vector<std::string>* versions) {
  std::vector<Identity> ids;
  for (const auto& path : fixtures()) {
    auto doc = csaf::loadDocument(test::readTextFile(path.string()));
    if (!doc) {
      ADD_FAILURE() << path << ": " << doc.error().describe();
      continue;
    }
    for (auto how : {Rewrite::kAsWritten, Rewrite::kCpeOnly, Rewrite::kBranchesOnly}) {
      for (auto& id : identitiesOf(rewritten(*doc, how), versions)) ids.push_back(id);
    }
  }
  Identity quoted;
  quoted.cpe_vendor = "a\\:b";
  quoted.cpe_product = "c\\-d";
  ids.push_back(quoted);
  Identity no_product;
  no_product.cpe_vendor = "ale";
  ids.push_back(no_product);
  return ids;
}

TEST(IndexDifferential, MatchesIdentityEqualsItsFormerDefinition) {
  Gen g(20261204);
  std::vector<std::string> versions = {"1.0"};
  std::vector<Identity> ids = allIdentities(&versions);
  ASSERT_GT(ids.size(), 20u);
  int matches = 0;
  for (int round = 0; round < 20000; ++round) {
    const Identity id = g.pick(ids);
    InstalledItem item = g.chance(70) ? g.item(id, versions) : g.item(ids, versions);
    if (g.chance(10)) item.cpe = "cpe:2.3:a:A\\:B:C\\-D:1:*:*:*:*:*:*:*";
    if (g.chance(5)) item.cpe = "cpe:2.3:a:ale::1";
    MatchedVersion a{"unset", false}, b{"unset", false};
    const bool got = matchesIdentity(id, item, &a);
    ASSERT_EQ(got, referenceMatchesIdentity(id, item, &b)) << id.key() << " vs " << item.name << " " << item.cpe;
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.via_source, b.via_source);
    matches += got ? 1 : 0;
  }
  EXPECT_GT(matches, 1000);  // both outcomes are exercised
  EXPECT_LT(matches, 19000);
}

TEST(IndexDifferential, CandidatesHoldEveryMatchOnceInInventoryOrder) {
  Gen g(7);
  std::vector<std::string> versions = {"1.0"};
  std::vector<Identity> ids = allIdentities(&versions);
  ASSERT_GT(ids.size(), 20u);
  std::map<std::string, int> matched_by_branch;
  for (int round = 0; round < 200; ++round) {
    InventoryView view;
    const std::size_t n = 1 + g.below(80);
    for (std::size_t i = 0; i < n; ++i) view.items.push_back(g.item(ids, versions));
    if (g.chance(30)) view.items.back().cpe = "cpe:2.3:a:A\\:B:C\\-D:1:*:*:*:*:*:*:*";
    const InventoryIndex index(view);
    for (const auto& id : ids) {
      auto cands = index.candidates(id);
      for (std::size_t i = 1; i < cands.size(); ++i) ASSERT_LT(cands[i - 1], cands[i]) << "order or duplicate";
      for (const auto& item : view.items) {
        if (!matchesIdentity(id, item, nullptr)) continue;
        ++matched_by_branch[!id.purl_type.empty() ? "purl" : !id.cpe_vendor.empty() ? "cpe" : "vendor"];
        ASSERT_NE(std::find(cands.begin(), cands.end(), &item), cands.end())
            << "index dropped a match: " << id.key() << " vs " << item.name << " " << item.cpe;
      }
    }
  }
  for (const char* branch : {"purl", "cpe", "vendor"}) EXPECT_GT(matched_by_branch[branch], 100) << branch;
}

TEST(IndexDifferential, IndexedAndLinearVerdictsAreIdenticalOnEveryFixture) {
  auto files = fixtures();
  ASSERT_GE(files.size(), 9u);
  std::map<std::string, int> not_installed, installed;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const auto& path = files[f];
    auto loaded = csaf::loadDocument(test::readTextFile(path.string()));
    ASSERT_TRUE(loaded) << path << ": " << loaded.error().describe();
    for (auto how : {Rewrite::kAsWritten, Rewrite::kCpeOnly, Rewrite::kBranchesOnly}) {
      const csaf::Document doc = rewritten(*loaded, how);
      std::vector<std::string> versions = {"1.0", "0:1.0-1"};
      const auto ids = identitiesOf(doc, &versions);
      if (ids.empty()) continue;
      Gen g(static_cast<std::uint32_t>(f * 3 + static_cast<std::size_t>(how)));
      for (int round = 0; round < 150; ++round) {
        InventoryView view;
        const std::size_t n = g.below(60);
        for (std::size_t i = 0; i < n; ++i) view.items.push_back(g.item(ids, versions));
        if (g.chance(15)) view.partial_ecosystems.insert(g.pick(std::vector<std::string>{"deb", "rpm", "vendor"}));
        auto indexed = evaluateDocument(doc, InventoryIndex(view));
        auto linear = evaluateDocument(doc, InventoryIndex::linear(view));
        auto viaView = evaluateDocument(doc, view);
        ASSERT_TRUE(indexed && linear && viaView) << path;
        const std::string want = describe(*linear);
        ASSERT_EQ(describe(*indexed), want) << path.filename() << " rewrite " << static_cast<int>(how) << " round "
                                            << round;
        ASSERT_EQ(describe(*viaView), want);
        for (const auto& v : linear->verdicts) {
          (v.instances.empty() ? not_installed : installed)[path.filename().string()]++;
        }
      }
    }
  }
  // Every fixture had verdicts with and without matched instances.
  for (const auto& path : files) {
    EXPECT_GT(installed[path.filename().string()], 0) << path;
    EXPECT_GT(not_installed[path.filename().string()], 0) << path;
  }
}

}  // namespace
}  // namespace psirt::evaluate
