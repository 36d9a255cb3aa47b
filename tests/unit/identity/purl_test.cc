// purl parsing and canonical building. The valid/invalid cases mirror the
// purl-spec test suite's (type case, "pkg://" slashes, qualifier order and
// case, percent escapes, subpath cleaning, required parts).
#include "agent/identity/purl.h"

#include <gtest/gtest.h>

namespace psirt::identity {
namespace {

struct Case {
  const char* input;
  const char* canonical;
};

TEST(Purl, ValidInputsParseToTheirCanonicalForm) {
  const Case cases[] = {
      {"pkg:maven/org.apache.commons/io@1.3.4", "pkg:maven/org.apache.commons/io@1.3.4"},
      {"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/",
       "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations"},
      {"pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c",
       "pkg:bitbucket/birkenfeld/pygments-main@244fd47e07d1014f0aed9c"},
      {"pkg:deb/debian/curl@7.50.3-1?distro=jessie&arch=i386", "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie"},
      {"pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io",
       "pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io"},
      {"pkg:gem/jruby-launcher@1.1.2?Platform=java", "pkg:gem/jruby-launcher@1.1.2?platform=java"},
      {"pkg:npm/%40angular/animation@12.3.1", "pkg:npm/%40angular/animation@12.3.1"},
      {"pkg:Nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304"},
      {"pkg:PYPI/Django_package@1.11.1.dev1", "pkg:pypi/django-package@1.11.1.dev1"},
      {"pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
       "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25"},
      {"pkg:/maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"},
      {"pkg://maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"},
      {"pkg:///maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"},
      {"pkg:maven/HTTPClient/HTTPClient@0.3-3", "pkg:maven/HTTPClient/HTTPClient@0.3-3"},
      {"pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value",
       "pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value"},
      {"pkg:swift/github.com/Alamofire/Alamofire@5.4.3", "pkg:swift/github.com/Alamofire/Alamofire@5.4.3"},
      {"pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12",
       "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"},
      {"pkg:generic/ale/omnipcx@12.4-M5.304.19?empty=", "pkg:generic/ale/omnipcx@12.4-M5.304.19"},
      {"pkg:generic/a/b#x/./../y//z", "pkg:generic/a/b#x/y/z"},
  };
  for (const auto& c : cases) {
    auto p = parsePurl(c.input);
    ASSERT_TRUE(p) << c.input << ": " << p.error().describe();
    EXPECT_EQ(p->toString(), c.canonical) << c.input;
    auto again = parsePurl(p->toString());
    ASSERT_TRUE(again) << c.canonical;
    EXPECT_EQ(*again, *p) << "canonical form does not round-trip: " << c.canonical;
  }
}

TEST(Purl, ComponentsAreDecoded) {
  auto p = parsePurl("pkg:npm/packageurl-js@0.0.7?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpackage-url%2Fpackageurl-js.git");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, "npm");
  EXPECT_EQ(p->namespace_, "");
  EXPECT_EQ(p->name, "packageurl-js");
  EXPECT_EQ(p->version, "0.0.7");
  EXPECT_EQ(p->qualifier("vcs_url").value_or(""), "git+https://github.com/package-url/packageurl-js.git");
  auto deb = parsePurl("pkg:deb/Debian/OpenSSL@3.0.11-1~deb12u2?arch=amd64");
  ASSERT_TRUE(deb);
  EXPECT_EQ(deb->namespace_, "debian");
  EXPECT_EQ(deb->name, "openssl");
  EXPECT_EQ(deb->version, "3.0.11-1~deb12u2");
}

TEST(Purl, InvalidInputsAreRejectedWithAReason) {
  const char* bad[] = {
      "EnterpriseLibrary.Common@6.0.1304",          // no scheme
      "pkg:EnterpriseLibrary.Common@6.0.1304",      // no type
      "pkg:maven/@1.3.4",                           // no name
      "pkg:hackage",                                // no name
      "pkg:npm/myartifact@1.0.0?in%20production=true",  // bad key
      "pkg:1abc/name",                              // type starts with a digit
      "pkg:npm/a@1?x=1&X=2",                        // duplicate key
      "pkg:npm/a@1%zz",                             // bad escape
      "pkg:npm/a@1%2",                              // truncated escape
      "pkg:npm/a@1?novalue",                        // qualifier without '='
      "http://example.com/pkg",
      "",
  };
  for (const char* b : bad) {
    auto p = parsePurl(b);
    EXPECT_FALSE(p) << "accepted: " << b;
    if (!p) {
      EXPECT_FALSE(p.error().message.empty());
    }
  }
  EXPECT_EQ(parsePurl(std::string(kMaxPurlLength + 1, 'a')).error().category, ErrorCategory::kLimit);
}

TEST(Purl, MakePurlNormalizesAndSortsQualifiers) {
  auto p = makePurl("deb", "Debian", "Curl", "7.88.1-10+deb12u5", {{"distro", "debian-12"}, {"arch", "amd64"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->toString(), "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12");
  p->setQualifier("epoch", "2");
  EXPECT_EQ(p->toString(), "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12&epoch=2");
  p->setQualifier("epoch", "");
  EXPECT_FALSE(p->qualifier("epoch"));
  EXPECT_FALSE(makePurl("deb", "debian", ""));
  // A name holding '/' survives as an escape.
  auto slashy = makePurl("generic", "", "a/b", "1");
  ASSERT_TRUE(slashy);
  EXPECT_EQ(slashy->toString(), "pkg:generic/a%2Fb@1");
  EXPECT_EQ(parsePurl(slashy->toString())->name, "a/b");
}

TEST(Purl, IdentityIgnoresVersionButHonoursArch) {
  auto a = *parsePurl("pkg:deb/debian/openssl@3.0.1?arch=amd64&distro=debian-12");
  auto b = *parsePurl("pkg:deb/debian/openssl@3.0.9?arch=amd64");
  auto c = *parsePurl("pkg:deb/debian/openssl@3.0.9?arch=i386");
  auto d = *parsePurl("pkg:deb/debian/openssl");
  auto e = *parsePurl("pkg:rpm/debian/openssl");
  EXPECT_TRUE(samePackageIdentity(a, b));
  EXPECT_FALSE(samePackageIdentity(a, c));
  EXPECT_TRUE(samePackageIdentity(a, d));
  EXPECT_FALSE(samePackageIdentity(a, e));
}

}  // namespace
}  // namespace psirt::identity
