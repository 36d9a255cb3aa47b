// Every damaged form of a trusted set's index (DIR/sets/<N>/index, the
// agent's own file but on a disk that can be damaged or a directory a local
// user can write) is "damaged trusted set" naming the index, never a crash:
// truncated, not JSON, wrong types, missing members, huge and negative
// numbers, entries pointing at missing role files. Also run under the asan
// preset (tuf_test), where undefined behaviour would abort.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "agent/json/value.h"
#include "agent/tuf/trusted_set.h"
#include "tests/unit/tuf/trusted_set_fixture.h"

namespace psirt::tuf {
namespace {

class TrustedSetIndexTest : public TrustedSetTest {
 protected:
  void SetUp() override {
    TrustedSetTest::SetUp();
    ASSERT_TRUE(update());
    index_ = state_ + "/sets/1/index";
    auto text = fs::readFile(index_, 1 << 20);
    ASSERT_TRUE(text);
    good_ = *text;
    ASSERT_TRUE(CompleteSet::load(state_, kNow));  // positive control
  }

  // Loads the set after `index` replaced the good one: refused as damage
  // naming the index, and the good index loads again afterwards.
  ::testing::AssertionResult damaged(const std::string& what, const std::string& index) {
    if (!fs::writeFileAtomic(index_, index)) return ::testing::AssertionFailure() << "cannot write";
    return damagedNow(what);
  }
  ::testing::AssertionResult damagedNow(const std::string& what) {
    auto set = CompleteSet::load(state_, kNow);
    restore();
    if (set) return ::testing::AssertionFailure() << what << ": accepted";
    const std::string d = set.error().describe();
    if (set.error().category != ErrorCategory::kParse || d.find("damaged trusted set") == std::string::npos ||
        d.find(index_) == std::string::npos || d.find('\n') != std::string::npos) {
      return ::testing::AssertionFailure() << what << ": " << d;
    }
    if (!CompleteSet::load(state_, kNow)) return ::testing::AssertionFailure() << what << ": not restored";
    return ::testing::AssertionSuccess() << d;
  }
  void restore() {
    ASSERT_TRUE(fs::writeFileAtomic(index_, good_));
    for (const auto& [file, bytes] : removed_)
      ASSERT_TRUE(fs::writeFileAtomic(state_ + "/sets/1/" + file, bytes));
    removed_.clear();
  }
  // The good index with one edit.
  std::string edited(const std::function<void(json::Value&)>& edit) const {
    auto v = json::Value::parse(good_);
    EXPECT_TRUE(v);
    edit(*v);
    return v->dump(1);
  }
  // Element i of the index's list `list`.
  static json::Ref element(json::Value& v, const char* list, std::size_t i) { return *v.member(list).at(i); }

  std::string index_, good_;
  std::vector<std::pair<std::string, std::string>> removed_;
};

TEST_F(TrustedSetIndexTest, TruncatedOrNotJsonIsDamage) {
  for (std::size_t keep :
       {std::size_t{0}, std::size_t{1}, good_.size() / 3, good_.size() / 2, good_.size() - 2})
    EXPECT_TRUE(damaged("truncated to " + std::to_string(keep), good_.substr(0, keep)));
  for (const char* text :
       {"garbage", "[]", "5", "null", "\"index\"", "{}", "{\"format\":\"psirt-trusted-set/1\"}"})
    EXPECT_TRUE(damaged(text, text));
  EXPECT_TRUE(damaged("NUL bytes", std::string(64, '\0')));
  EXPECT_TRUE(damaged("duplicate member", "{\"format\":1," + good_.substr(1)));
}

TEST_F(TrustedSetIndexTest, MissingMembersAreDamage) {
  for (const char* member : {"format", "sequence", "roles", "targets", "missing", "withdrawn"})
    EXPECT_TRUE(damaged(std::string("without ") + member, edited([&](json::Value& v) { v.erase(member); })));
  for (const char* member : {"path", "sha256", "length", "roles"})
    EXPECT_TRUE(damaged(std::string("target without ") + member,
                        edited([&](json::Value& v) { element(v, "targets", 0).erase(member); })));
  for (const char* member : {"role", "file", "delegator"}) {
    for (std::size_t i : {0, 3, 4})
      EXPECT_TRUE(damaged(std::string("role ") + std::to_string(i) + " without " + member,
                          edited([&](json::Value& v) { element(v, "roles", i).erase(member); })));
  }
}

TEST_F(TrustedSetIndexTest, WrongTypesAreDamage) {
  const std::vector<json::Value> wrong = {json::Value(),        json::Value(true),   json::Value(7),
                                          json::Value(1.5),     json::Value("text"), json::Value::array(),
                                          json::Value::object()};
  for (const auto& w : wrong) {
    const std::string as = w.dump();
    for (const char* member : {"format", "sequence", "roles", "targets", "missing", "withdrawn"}) {
      if (w.view().isArray() && (std::string(member) == "missing" || std::string(member) == "withdrawn"))
        continue;
      EXPECT_TRUE(
          damaged(std::string(member) + " = " + as, edited([&](json::Value& v) { v.set(member, w); })));
    }
    for (const char* member : {"path", "sha256", "length", "roles"})
      EXPECT_TRUE(damaged(std::string("target ") + member + " = " + as,
                          edited([&](json::Value& v) { element(v, "targets", 0).set(member, w); })));
    for (const char* member : {"role", "file"})
      EXPECT_TRUE(damaged(std::string("role ") + member + " = " + as,
                          edited([&](json::Value& v) { element(v, "roles", 4).set(member, w); })));
    EXPECT_TRUE(
        damaged("target entry = " + as, edited([&](json::Value& v) { element(v, "targets", 0).assign(w); })));
    EXPECT_TRUE(
        damaged("role entry = " + as, edited([&](json::Value& v) { element(v, "roles", 1).assign(w); })));
    if (!w.view().isString()) {
      EXPECT_TRUE(
          damaged("missing holds " + as, edited([&](json::Value& v) { v.member("missing").push(w); })));
      EXPECT_TRUE(
          damaged("withdrawn holds " + as, edited([&](json::Value& v) { v.member("withdrawn").push(w); })));
      EXPECT_TRUE(damaged("chain holds " + as,
                          edited([&](json::Value& v) { element(v, "targets", 0).member("roles").push(w); })));
    }
  }
}

TEST_F(TrustedSetIndexTest, HugeAndNegativeNumbersAreDamage) {
  const std::vector<std::string> numbers = {"-1",
                                            "0",
                                            "2",
                                            "-9223372036854775808",
                                            "9223372036854775807",
                                            "18446744073709551616",
                                            "9007199254740993",
                                            "1e300",
                                            "-0",
                                            "1.0",
                                            "4294967297",
                                            "99999999999999999999999999999999999999"};
  const std::string seq = "\"sequence\": 1";
  ASSERT_NE(good_.find(seq), std::string::npos);
  for (const auto& n : numbers) {
    std::string text = good_;
    text.replace(text.find(seq), seq.size(), "\"sequence\": " + n);
    EXPECT_TRUE(damaged("sequence " + n, text));
  }
  // Every target's length, in turn (the index was written with the listed ones).
  for (const auto& n : numbers) {
    for (std::size_t i = 0; i < 2; ++i) {
      auto v = json::Value::parse(good_);
      ASSERT_TRUE(v);
      const std::string marker = "\"LENGTH-HERE\"";
      element(*v, "targets", i).set("length", "LENGTH-HERE");
      std::string text = v->dump(1);
      text.replace(text.find(marker), marker.size(), n);
      EXPECT_TRUE(damaged("length " + n + " of target " + std::to_string(i), text));
    }
  }
}

TEST_F(TrustedSetIndexTest, EntriesThatDoNotMatchTheSetAreDamage) {
  EXPECT_TRUE(
      damaged("unknown format", edited([](json::Value& v) { v.set("format", "psirt-trusted-set/2"); })));
  EXPECT_TRUE(damaged("three roles", edited([](json::Value& v) {
                        json::Value roles = json::Value::array();
                        for (std::size_t i = 0; i < 3; ++i)
                          roles.push(json::Value::copyOf(element(v, "roles", i).view()));
                        v.set("roles", std::move(roles));
                      })));
  EXPECT_TRUE(damaged("roles swapped", edited([](json::Value& v) {
                        json::Value first = json::Value::copyOf(element(v, "roles", 1).view());
                        element(v, "roles", 1).assign(json::Value::copyOf(element(v, "roles", 2).view()));
                        element(v, "roles", 2).assign(std::move(first));
                      })));
  EXPECT_TRUE(damaged("role file renamed",
                      edited([](json::Value& v) { element(v, "roles", 4).set("file", "../x.json"); })));
  EXPECT_TRUE(damaged("unknown delegated role", edited([](json::Value& v) {
                        element(v, "roles", 4).set("role", "nobody");
                        element(v, "roles", 4).set("file", "nobody.json");
                      })));
  EXPECT_TRUE(damaged("chain not from targets", edited([](json::Value& v) {
                        element(v, "targets", 0).set("roles", json::Value::array({"root"}));
                      })));
  EXPECT_TRUE(damaged("empty chain", edited([](json::Value& v) {
                        element(v, "targets", 0).set("roles", json::Value::array());
                      })));
  EXPECT_TRUE(damaged("unlisted target",
                      edited([](json::Value& v) { element(v, "targets", 0).set("path", "nope"); })));
  EXPECT_TRUE(damaged("digest of another file", edited([](json::Value& v) {
                        element(v, "targets", 0).set("sha256", std::string(64, 'a'));
                      })));
}

TEST_F(TrustedSetIndexTest, MissingOrUnreadableFilesAreDamage) {
  for (const char* file :
       {"root.json", "timestamp.json", "snapshot.json", "targets.json", "advisories.json"}) {
    const std::string path = state_ + "/sets/1/" + file;
    auto bytes = fs::readFile(path, 1 << 20);
    ASSERT_TRUE(bytes) << path;
    removed_.emplace_back(file, *bytes);
    ASSERT_TRUE(fs::removeFile(path));
    EXPECT_TRUE(damagedNow(std::string("without ") + file));
  }
  ASSERT_TRUE(fs::removeFile(index_));
  EXPECT_TRUE(damagedNow("without its index"));
  // Larger than the 64 MiB the index may have: refused before it is read (sparse file).
  std::filesystem::resize_file(index_, (std::uintmax_t{64} << 20) + 1);
  EXPECT_TRUE(damagedNow("index over its size limit"));
}

}  // namespace
}  // namespace psirt::tuf
