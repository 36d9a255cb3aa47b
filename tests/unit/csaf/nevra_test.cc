// rpm NEVRA leaves of Red Hat advisories parse into their parts.
#include "agent/csaf/nevra.h"

#include <gtest/gtest.h>

namespace psirt::csaf {
namespace {

void expectNevra(const char* s, const char* n, const char* e, const char* v, const char* r, const char* a) {
  auto p = parseNevra(s);
  ASSERT_TRUE(p.has_value()) << s;
  EXPECT_EQ(p->name, n) << s;
  EXPECT_EQ(p->epoch, e) << s;
  EXPECT_EQ(p->version, v) << s;
  EXPECT_EQ(p->release, r) << s;
  EXPECT_EQ(p->arch, a) << s;
}

TEST(Nevra, RedHatLeavesWithAndWithoutEpoch) {
  expectNevra("kernel-0:4.18.0-305.el8.x86_64", "kernel", "0", "4.18.0", "305.el8", "x86_64");
  expectNevra("openssl-1.1.1k-5.el8_5.x86_64", "openssl", "", "1.1.1k", "5.el8_5", "x86_64");
  expectNevra("telnet-1:0.17-65.el7_6.src", "telnet", "1", "0.17", "65.el7_6", "src");
  expectNevra("telnet-server-1:0.17-65.el7_6.ppc64le", "telnet-server", "1", "0.17", "65.el7_6", "ppc64le");
  expectNevra("python3-pip-wheel-9.0.3-20.el8.noarch", "python3-pip-wheel", "", "9.0.3", "20.el8", "noarch");
}

TEST(Nevra, EpochFirstFormAndMissingArch) {
  expectNevra("1:openssl-1.1.1k-5.el8_5.aarch64", "openssl", "1", "1.1.1k", "5.el8_5", "aarch64");
  expectNevra("bash-4.4.20-1.el8_4", "bash", "", "4.4.20", "1.el8_4", "");
}

TEST(Nevra, MalformedStringsAreRejected) {
  for (const char* s : {"", "kernel", "kernel-4.18.0", "-1.0-1.x86_64", "kernel-x:4.18.0-305.el8.x86_64",
                        "kernel-0:-305.el8.x86_64", "1:2:kernel-1.0-1.x86_64"}) {
    EXPECT_FALSE(parseNevra(s).has_value()) << s;
  }
}

}  // namespace
}  // namespace psirt::csaf
