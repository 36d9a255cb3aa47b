// Value and Ref: building, editing, reading back, canonical form; misuse never
// corrupts the tree.
#include <gtest/gtest.h>

#include "agent/json/json.h"

namespace psirt::json {
namespace {

TEST(JsonValue, BuildsObjectsArraysAndScalars) {
  Value v = Value::object({{"name", "x"}, {"n", 3}, {"ok", true}, {"none", nullptr},
                           {"list", Value::array({1, "two", 2.5})},
                           {"big", std::uint64_t{18446744073709551615ULL}}, {"neg", std::int64_t{-5}}});
  EXPECT_EQ(v.dump(), R"({"big":18446744073709551615,"list":[1,"two",2.5],"n":3,"name":"x","neg":-5,"none":null,"ok":true})");
  EXPECT_EQ(v.size(), 7u);
  EXPECT_EQ(v.view().getString("name").value(), "x");
}

TEST(JsonValue, EditsThroughRefs) {
  Value v;
  v.member("roles").member("root").member("keyids").push("k1").push("k2");
  v.set("version", 2);
  EXPECT_EQ(v.dump(), R"({"roles":{"root":{"keyids":["k1","k2"]}},"version":2})");
  auto keyids = v.member("roles").member("root").find("keyids");
  ASSERT_TRUE(keyids);
  EXPECT_EQ(keyids->size(), 2u);
  keyids->at(0)->assign("k0");
  EXPECT_TRUE(v.member("roles").erase("root"));
  EXPECT_FALSE(v.member("roles").erase("root"));
  EXPECT_EQ(v.dump(), R"({"roles":{},"version":2})");
  for (Ref r : v.member("roles").children()) r.assign(0);
}

TEST(JsonValue, MisuseLeavesTheTreeIntact) {
  Value v = Value::array({1});
  v.member("x").assign("lost");  // an array has no members
  v.ref().at(0)->push(5);        // a number has no elements
  EXPECT_EQ(v.dump(), "[1]");
}

TEST(JsonValue, CopiesAreDeepAndCanonicalFormSorts) {
  Value a = Value::object({{"b", 1}, {"a", Value::object({{"\xc3\xa9", "\""}, {"z", 0}})}});
  Value b = a;
  b.set("b", 2);
  EXPECT_EQ(a.view().getInteger("b").value(), 1);
  EXPECT_EQ(a.canonical().value(), "{\"a\":{\"z\":0,\"\xc3\xa9\":\"\\\"\"},\"b\":1}");
  EXPECT_FALSE(Value::object({{"f", 0.5}}).canonical());
  EXPECT_EQ(a.dump(1), "{\n \"a\": {\n  \"z\": 0,\n  \"\xc3\xa9\": \"\\\"\"\n },\n \"b\": 1\n}");
}

TEST(JsonValue, ParsesStrictlyAndCopiesViews) {
  EXPECT_FALSE(Value::parse(R"({"a":1,"a":2})"));
  auto v = Value::parse(R"({"a":{"b":[1,2]}})");
  ASSERT_TRUE(v);
  Value sub = Value::copyOf(*v->view().find("a"));
  sub.member("b").push(3);
  EXPECT_EQ(sub.dump(), R"({"b":[1,2,3]})");
  EXPECT_EQ(v->dump(), R"({"a":{"b":[1,2]}})");
  const Document d = Document::from(std::move(sub));
  EXPECT_EQ(d.root().getArray("b")->size(), 3u);
}

TEST(JsonValue, InvalidUtf8IsReplacedOnOutput) {
  EXPECT_EQ(Value(std::string("a\xff")).dump(), "\"a\xef\xbf\xbd\"");
}

}  // namespace
}  // namespace psirt::json
