// ProductIndex resolves ids to their definitions, branch paths, helpers and
// relationship sides, and expands product groups.
#include "agent/csaf/product_index.h"

#include <gtest/gtest.h>

#include "agent/csaf/reader.h"
#include "tests/unit/csaf/csaf_test_util.h"

namespace psirt::csaf {
namespace {

Document withRelationship() {
  json::Value d = test::tree(test::minimalDocument());
  test::node(d, "/product_tree/full_product_names").assign(test::tree(R"([
      {"name": "openssl 1.1.1k", "product_id": "OPENSSL",
       "product_identification_helper": {"purl": "pkg:rpm/redhat/openssl@1.1.1k-5.el8_5?arch=x86_64",
                                         "cpe": "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*"}}])"));
  test::node(d, "/product_tree/relationships").assign(test::tree(R"([
      {"category": "installed_on", "product_reference": "OPENSSL", "relates_to_product_reference": "APP-1.0",
       "full_product_name": {"name": "openssl on Appliance 1.0", "product_id": "APP-1.0:OPENSSL"}}])"));
  test::node(d, "/vulnerabilities/0/product_status/known_affected").push("APP-1.0:OPENSSL");
  auto r = loadDocument(d.dump());
  if (!r) ADD_FAILURE() << r.error().describe();
  return r ? std::move(*r) : Document{};
}

TEST(ProductIndex, BranchProductHasItsPathFromTheRoot) {
  const Document d = withRelationship();
  ProductIndex index(d);
  const ProductEntry* p = index.find("APP-1.1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source, ProductEntry::Source::kBranch);
  ASSERT_EQ(p->branch_path.size(), 3U);
  EXPECT_EQ(p->branch_path[0].category, "vendor");
  EXPECT_EQ(p->branch_path[1].name, "Appliance");
  EXPECT_EQ(p->branch_path[2].category, "product_version");
  EXPECT_EQ(p->branch_path[2].name, "1.1");
  EXPECT_EQ(p->pointer, "/product_tree/branches/0/branches/0/branches/1/product");
}

TEST(ProductIndex, RelationshipProductResolvesBothSidesAndHelpers) {
  const Document d = withRelationship();
  ProductIndex index(d);
  const ProductEntry* rel = index.find("APP-1.0:OPENSSL");
  ASSERT_NE(rel, nullptr);
  ASSERT_EQ(rel->source, ProductEntry::Source::kRelationship);
  EXPECT_EQ(rel->relationship->category, "installed_on");
  const ProductEntry* component = index.component(*rel);
  const ProductEntry* platform = index.platform(*rel);
  ASSERT_NE(component, nullptr);
  ASSERT_NE(platform, nullptr);
  EXPECT_EQ(platform->product_id, "APP-1.0");
  ASSERT_NE(component->helper, nullptr);
  EXPECT_EQ(component->helper->purl, "pkg:rpm/redhat/openssl@1.1.1k-5.el8_5?arch=x86_64");
  EXPECT_EQ(component->helper->cpe, "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");
  EXPECT_EQ(index.component(*platform), nullptr);  // not a relationship product
  EXPECT_EQ(index.products().size(), 4U);
}

TEST(ProductIndex, GroupsExpandAndUnknownIdsAreNull) {
  const Document d = withRelationship();
  ProductIndex index(d);
  EXPECT_EQ(index.expandGroup("GRP-ALL"), (std::vector<std::string>{"APP-1.0", "APP-1.1"}));
  EXPECT_TRUE(index.expandGroup("GRP-NONE").empty());
  EXPECT_EQ(index.expand({"APP-1.1", "OPENSSL"}, {"GRP-ALL"}),
            (std::vector<std::string>{"APP-1.1", "OPENSSL", "APP-1.0"}));
  EXPECT_EQ(index.find("NOPE"), nullptr);
}

TEST(ProductIndex, RemediationGroupIdsAreKeptForExpansion) {
  const Document d = withRelationship();
  ASSERT_EQ(d.vulnerabilities.size(), 1U);
  const Remediation& r = d.vulnerabilities[0].remediations[0];
  EXPECT_EQ(r.category, "vendor_fix");
  ProductIndex index(d);
  EXPECT_EQ(index.expand(r.product_ids, r.group_ids).size(), 2U);
}

}  // namespace
}  // namespace psirt::csaf
