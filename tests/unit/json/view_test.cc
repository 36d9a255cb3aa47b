// View: typed reads name the JSON pointer of the place at fault; no shape of
// input makes an accessor fail other than with an Error.
#include <gtest/gtest.h>

#include "agent/json/json.h"

namespace psirt::json {
namespace {

Document parse(std::string_view text) {
  auto d = Document::parse(text);
  EXPECT_TRUE(d) << d.error().describe();
  return *d;
}

TEST(JsonView, TypedMembersAndPointers) {
  const Document d = parse(R"({"a":{"b~c/d":[1,"x",true,null,2.5]},"n":-3,"u":18446744073709551615})");
  const View root = d.root();
  EXPECT_EQ(root.pointer(), "");
  EXPECT_EQ(root.where(), "at /");
  auto a = root.getObject("a");
  ASSERT_TRUE(a);
  auto list = a->getArray("b~c/d");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->pointer(), "/a/b~0c~1d");
  ASSERT_EQ(list->size(), 5u);
  const auto e = list->elements();
  EXPECT_EQ(e[1].pointer(), "/a/b~0c~1d/1");
  EXPECT_EQ(e[0].integer().value(), 1);
  EXPECT_EQ(e[1].string().value(), "x");
  EXPECT_TRUE(e[2].boolean().value());
  EXPECT_TRUE(e[3].isNull());
  EXPECT_DOUBLE_EQ(e[4].number().value(), 2.5);
  EXPECT_TRUE(e[0].isNumber());
  EXPECT_EQ(root.getInteger("n").value(), -3);
  EXPECT_FALSE(root.getInteger("u"));  // beyond int64
  EXPECT_EQ(root.get("u")->unsignedInteger().value(), 18446744073709551615ULL);
  EXPECT_FALSE(root.get("n")->unsignedInteger());
}

TEST(JsonView, ErrorsNameThePlaceAndTheTypes) {
  const Document d = parse(R"({"a":{"b":[1]}})");
  auto missing = d.root().get("a")->getString("zz");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().category, ErrorCategory::kParse);
  EXPECT_EQ(missing.error().describe(), "at /a: missing member 'zz'");
  auto wrong = d.root().get("a")->getString("b");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().describe(), "at /a/b: expected a string, found an array");
  auto element = d.root().get("a")->getArray("b")->at(0)->string();
  EXPECT_EQ(element.error().describe(), "at /a/b/0: expected a string, found an integer");
  auto not_object = d.root().get("a")->get("b")->get("x");
  EXPECT_EQ(not_object.error().describe(), "at /a/b: expected an object, found an array");
}

TEST(JsonView, LookupsNeverFailOnOtherShapes) {
  const Document d = parse(R"([1,{"k":"v"}])");
  const View root = d.root();
  EXPECT_FALSE(root.find("k"));
  EXPECT_FALSE(root.has("k"));
  EXPECT_TRUE(root.members().empty());
  EXPECT_FALSE(root.at(2));
  EXPECT_EQ(root.at(0)->asString("fallback"), "fallback");
  EXPECT_EQ(root.at(1)->asInteger(7), 7);
  EXPECT_EQ(root.at(0)->size(), 0u);
  EXPECT_TRUE(root.at(0)->elements().empty());
  EXPECT_EQ(root.at(1)->find("k")->asString(), "v");
}

TEST(JsonView, OptionalTypedMembersAndStringLists) {
  const Document d = parse(R"({"s":["a","b"],"bad":["a",1],"o":{}})");
  auto absent = d.root().findTyped("nope", Type::kObject);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  EXPECT_TRUE(d.root().findTyped("o", Type::kObject).value().has_value());
  EXPECT_FALSE(d.root().findTyped("s", Type::kObject));
  EXPECT_EQ(d.root().getStringList("s").value(), (std::vector<std::string>{"a", "b"}));
  auto bad = d.root().getStringList("bad");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().context, "at /bad/1");
}

TEST(JsonView, MembersInKeyByteOrderAndEquality) {
  const Document d = parse(R"({"b":1,"a":[1,2],"c":{"x":1.0}})");
  std::string keys;
  for (const auto& m : d.root().members()) keys += m.key;
  EXPECT_EQ(keys, "abc");
  const Document e = parse(R"({"c":{"x":1},"a":[1,2],"b":1})");
  EXPECT_TRUE(d.root().equals(e.root()));
  EXPECT_FALSE(d.root().get("a")->equals(*e.root().find("b")));
  EXPECT_EQ(e.root().dump(), R"({"a":[1,2],"b":1,"c":{"x":1}})");
  EXPECT_EQ(e.root().get("c")->canonical().value(), R"({"x":1})");
  auto c = d.root().get("c")->canonical();
  ASSERT_FALSE(c);  // 1.0 is a float: no canonical form
  EXPECT_EQ(c.error().context, "at /c/x");
}

}  // namespace
}  // namespace psirt::json
