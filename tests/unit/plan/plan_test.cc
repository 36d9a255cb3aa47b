// agent/plan: which remediation urls are actionable, and preconditions
// against an inventory (fail closed on what cannot be established).
#include "agent/plan/plan.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace psirt::plan {
namespace {

TEST(ActionTarget, TheLastTwoPathSegmentsNameTheTarget) {
  EXPECT_EQ(actionTarget("https://psirt.example.com/actions/fix-1.json"), "actions/fix-1.json");
  EXPECT_EQ(actionTarget("https://psirt.example.com/repo/x/actions/SA_N1000.workaround.json"),
            "actions/SA_N1000.workaround.json");
}

TEST(ActionTarget, AnythingElseIsNotActionable) {
  for (const char* url : {
           "",
           "actions/fix.json",                               // no scheme: not a CSAF uri
           "https://psirt.example.com/actions/",             // no name
           "https://psirt.example.com/actions/..",           // traversal
           "https://psirt.example.com/actions/.",            //
           "https://psirt.example.com/actions/a%2Fb.json",   // encoded slash
           "https://psirt.example.com/actions/fix.json?x=1", // query
           "https://psirt.example.com/actions/fix.json#f",   // fragment
           "https://psirt.example.com/myactions/fix.json",   // another folder
           "https://actions/fix.json",                       // host, not a path segment
           "https://psirt.example.com/actions/sub/fix.json", // nested
           "https://psirt.example.com/advisories/x.json",
       }) {
    EXPECT_EQ(actionTarget(url), std::nullopt) << url;
  }
  EXPECT_EQ(actionTarget("https://h/actions/" + std::string(129, 'a')), std::nullopt);
  EXPECT_TRUE(actionTarget("https://h/actions/" + std::string(128, 'a')).has_value());
}

evaluate::InstalledItem deb(std::string name, std::string version, std::string arch = "amd64") {
  evaluate::InstalledItem i;
  i.ecosystem = "deb";
  i.version_scheme = "deb";
  i.purl_type = "deb";
  i.purl_namespace = "debian";
  i.name = std::move(name);
  i.version = std::move(version);
  i.arch = std::move(arch);
  return i;
}

class Preconditions : public ::testing::Test {
 protected:
  evaluate::InventoryView installed;
  action::Preconditions pre;
  std::string root = ::testing::TempDir();
  std::string failed(const std::string& machine = "x86_64") {
    return failedPrecondition(pre, installed, root, machine);
  }
};

TEST_F(Preconditions, NoConditionsHold) { EXPECT_EQ(failed(), ""); }

TEST_F(Preconditions, IdentityMustBeInstalledInTheRange) {
  installed.items = {deb("libssl3", "3.0.11-1~deb12u1")};
  pre.identity = "pkg:deb/debian/libssl3";
  pre.vers = "vers:deb/>=3.0.0|<3.0.11-1~deb12u2";
  EXPECT_EQ(failed(), "");
  pre.vers = "vers:deb/>=3.0.11-1~deb12u2";
  EXPECT_EQ(failed(), "installed pkg:deb/debian/libssl3 3.0.11-1~deb12u1 is outside vers:deb/>=3.0.11-1~deb12u2");
  pre.identity = "pkg:deb/debian/openssl";
  EXPECT_EQ(failed(), "pkg:deb/debian/openssl is not installed");
}

TEST_F(Preconditions, EveryInstanceMustBeInTheRange) {
  installed.items = {deb("libssl3", "3.0.11-1~deb12u1", "amd64"), deb("libssl3", "3.1.0-1", "i386")};
  pre.identity = "pkg:deb/debian/libssl3";
  pre.vers = "vers:deb/<3.1";
  EXPECT_NE(failed().find("3.1.0-1 is outside"), std::string::npos) << failed();
}

TEST_F(Preconditions, BadIdentityOrRangeFailsClosed) {
  installed.items = {deb("libssl3", "3.0.11-1~deb12u1")};
  pre.identity = "pkg:deb/debian/libssl3";
  pre.vers = "vers:nosuchscheme/<1";
  EXPECT_NE(failed(), "");
  pre.vers = "";
  pre.identity = "not an identity";
  EXPECT_NE(failed(), "");
}

TEST_F(Preconditions, ArchitectureFromThePackageThenTheMachine) {
  installed.items = {deb("libssl3", "3.0.11-1~deb12u1", "amd64")};
  pre.identity = "pkg:deb/debian/libssl3";
  pre.architectures = {"x86_64"};  // rpm's name for amd64
  EXPECT_EQ(failed("aarch64"), "");  // the package's architecture wins
  pre.architectures = {"arm64"};
  EXPECT_EQ(failed(), "architecture x86_64 is not one the action is for");
  installed.items = {deb("tzdata", "2024a-0", "all")};
  pre.identity = "pkg:deb/debian/tzdata";
  EXPECT_EQ(failed("aarch64"), "");  // arch-independent package: the machine
  EXPECT_EQ(failed(""), "the architecture of this system is unknown");  // an image: never guessed
}

TEST_F(Preconditions, FreeSpaceIsMeasuredInsideTheRoot) {
  pre.min_free_bytes = 1;
  EXPECT_EQ(failed(), "");
  pre.min_free_bytes = std::uint64_t{1} << 62;  // more than any disk
  EXPECT_NE(failed().find("free space on /: "), std::string::npos) << failed();
  pre.min_free_bytes = 1;
  pre.free_space_path = "/no/such/dir";
  EXPECT_NE(failed().find("free space: "), std::string::npos) << failed();
}

}  // namespace
}  // namespace psirt::plan
