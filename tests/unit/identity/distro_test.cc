// The distribution table (docs/formats/evaluation.md "Distribution namespaces").
#include <gtest/gtest.h>

#include "agent/identity/distro.h"

namespace psirt::identity {
namespace {

TEST(Distro, OsReleaseIdGivesTheNamespaceVendorsWrite) {
  EXPECT_EQ(distroNamespace("rhel"), "redhat");
  EXPECT_EQ(distroNamespace("RHEL"), "redhat");
  EXPECT_EQ(distroNamespace("centos"), "centos");
  EXPECT_EQ(distroNamespace("rocky", "rhel centos fedora"), "rocky");  // a rebuild keeps its own
  EXPECT_EQ(distroNamespace("almalinux"), "almalinux");
  EXPECT_EQ(distroNamespace("ol"), "oracle");
  EXPECT_EQ(distroNamespace("fedora"), "fedora");
  EXPECT_EQ(distroNamespace("sles"), "suse");
  EXPECT_EQ(distroNamespace("opensuse-leap"), "suse");
  EXPECT_EQ(distroNamespace("debian"), "debian");
  EXPECT_EQ(distroNamespace("ubuntu"), "ubuntu");
  EXPECT_EQ(distroNamespace("alpine"), "alpine");
  EXPECT_EQ(distroNamespace("openwrt"), "openwrt");
}

TEST(Distro, UnknownIdFallsBackToIdLikeThenToItself) {
  EXPECT_EQ(distroNamespace("acme-appliance", "rhel fedora"), "redhat");
  EXPECT_EQ(distroNamespace("acme-appliance", "nosuch debian"), "debian");
  EXPECT_EQ(distroNamespace("Acme", ""), "acme");
  EXPECT_EQ(distroNamespace("", "debian"), "");
}

TEST(Distro, NamespacesAreComparedInTheTablesSpelling) {
  EXPECT_EQ(canonicalNamespace("rhel"), "redhat");
  EXPECT_EQ(canonicalNamespace("redhat"), "redhat");
  EXPECT_EQ(canonicalNamespace("opensuse"), "suse");
  EXPECT_EQ(canonicalNamespace("Debian"), "debian");
  EXPECT_EQ(canonicalNamespace("acme"), "acme");
  EXPECT_TRUE(isDistroNamespace("redhat"));
  EXPECT_TRUE(isDistroNamespace("rhel"));
  EXPECT_FALSE(isDistroNamespace("redhta"));
}

TEST(Distro, RedHatSupportStreamsAreStreamsOfEnterpriseLinux) {
  for (auto s : {"rhel_eus", "rhel_aus", "rhel_e4s", "rhel_tus", "rhel_els", "rhel_mission_critical"}) {
    EXPECT_EQ(osStreamProduct("redhat", s), "enterprise_linux") << s;
  }
  EXPECT_EQ(osStreamProduct("redhat", "enterprise_linux"), "");
  EXPECT_EQ(osStreamProduct("redhat", "openshift"), "");
  EXPECT_EQ(osStreamProduct("suse", "rhel_eus"), "");
}

}  // namespace
}  // namespace psirt::identity
