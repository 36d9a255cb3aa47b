// parseActionManifest: every field of the good examples lands in action.h's
// types, defaults apply, and the bounds hold exactly at their edges.
#include "agent/action/manifest.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_paths.h"

namespace psirt::action {
namespace {

std::string good(const char* file) {
  return test::readTextFile(test::sourcePath(std::string("tests/unit/action/manifests/good/") + file));
}

Action parsed(const std::string& text) {
  auto a = parseActionManifest(text, "m.json");
  EXPECT_TRUE(a) << a.error().describe();
  return a ? *a : Action{};
}

std::string minimalWith(const std::string& step_members) {
  return R"({"format":"psirt-action/1","id":"a","title":"t","category":"workaround","advisories":["A"],)"
         R"("product_ids":["P"],"preconditions":{"identity":"pkg:generic/x","vers":"vers:generic/*"},"steps":[)" +
         step_members + "]}";
}

TEST(Manifest, VendorFixEveryField) {
  const Action a = parsed(good("vendor-fix-dpkg.json"));
  EXPECT_EQ(a.id, "ACME-2024-0007-fix");
  EXPECT_EQ(a.title, "Install acme-gateway 2.4.1-2, which fixes CVE-2024-12345");
  EXPECT_EQ(a.category, Category::kVendorFix);
  EXPECT_EQ(a.advisories, std::vector<std::string>{"ACME-2024-0007"});
  EXPECT_EQ(a.product_ids, (std::vector<std::string>{"ACME-GW-2.4.0", "ACME-GW-2.4.1"}));
  EXPECT_EQ(a.preconditions.identity, "pkg:deb/acme/acme-gateway?arch=amd64");
  EXPECT_EQ(a.preconditions.vers, "vers:deb/>=2.4.0-1|<2.4.1-2");
  EXPECT_EQ(a.preconditions.architectures, std::vector<std::string>{"amd64"});
  EXPECT_EQ(a.preconditions.min_free_bytes, 52428800u);
  EXPECT_EQ(a.preconditions.free_space_path, "/var");
  ASSERT_EQ(a.steps.size(), 2u);
  EXPECT_EQ(a.steps[0].id, "install");
  const auto& pkg = std::get<InstallPackage>(a.steps[0].body);
  EXPECT_EQ(pkg.format, PackageFormat::kDpkg);
  EXPECT_EQ(pkg.package, "acme-gateway");
  EXPECT_EQ(pkg.version, "2.4.1-2");
  EXPECT_EQ(pkg.artifact, "artifacts/acme-gateway_2.4.1-2_amd64.deb");
  EXPECT_EQ(pkg.rollback_artifact, "artifacts/acme-gateway_2.4.1-1_amd64.deb");
  EXPECT_FALSE(pkg.allow_downgrade);
  const auto& svc = std::get<Service>(a.steps[1].body);
  EXPECT_EQ(svc.operation, ServiceOperation::kRestart);
  EXPECT_EQ(svc.name, "acme-gateway.service");
  EXPECT_FALSE(a.irreversible());
}

TEST(Manifest, WorkaroundConfigEveryFormat) {
  const Action a = parsed(good("workaround-config.json"));
  EXPECT_EQ(a.category, Category::kWorkaround);
  EXPECT_EQ(a.preconditions.identity, "cpe:2.3:a:acme:gateway:*:*:*:*:*:*:*:*");
  EXPECT_TRUE(a.preconditions.architectures.empty());
  EXPECT_EQ(a.preconditions.min_free_bytes, 0u);
  EXPECT_EQ(a.preconditions.free_space_path, "/");  // the default
  const auto& ini = std::get<SetConfig>(a.steps[0].body);
  EXPECT_EQ(ini.format, ConfigFormat::kIni);
  EXPECT_EQ(ini.path, "/etc/acme/gateway.ini");
  EXPECT_EQ(ini.section, "admin api");
  EXPECT_EQ(ini.key, "enabled");
  EXPECT_EQ(ini.value, "false");
  const auto& kv = std::get<SetConfig>(a.steps[1].body);
  EXPECT_EQ(kv.format, ConfigFormat::kKeyValue);
  EXPECT_EQ(kv.section, "");
  EXPECT_EQ(kv.key, "ACME_ADMIN_API");
  const auto& js = std::get<SetConfig>(a.steps[2].body);
  EXPECT_EQ(js.format, ConfigFormat::kJson);
  EXPECT_EQ(js.key, "/admin/api~1v1/enabled");  // kept escaped: the executor resolves the pointer
  EXPECT_EQ(js.value, "false");
}

TEST(Manifest, MitigationScriptAndFileEveryField) {
  const Action a = parsed(good("mitigation-script.json"));
  EXPECT_EQ(a.category, Category::kMitigation);
  EXPECT_EQ(a.preconditions.architectures, (std::vector<std::string>{"x86_64", "aarch64"}));
  const auto& s = std::get<RunScript>(a.steps[0].body);
  EXPECT_EQ(s.artifact, "artifacts/block-mgmt-port.sh");
  EXPECT_EQ(s.args, (std::vector<std::string>{"--port", "8443", ""}));
  EXPECT_EQ(s.check_args, (std::vector<std::string>{"--check", "--port", "8443"}));
  EXPECT_EQ(s.timeout, std::chrono::seconds(120));
  EXPECT_EQ(s.success_exit_codes, (std::vector<int>{0, 3}));
  EXPECT_EQ(s.revert_artifact, "artifacts/block-mgmt-port.sh");
  EXPECT_EQ(s.revert_args, (std::vector<std::string>{"--remove", "--port", "8443"}));
  const auto& f = std::get<ReplaceFile>(a.steps[1].body);
  EXPECT_EQ(f.path, "/etc/acme/tls.conf");
  EXPECT_EQ(f.artifact, "artifacts/tls-hardened.conf");
  EXPECT_EQ(f.mode, 0640u);
  EXPECT_EQ(f.owner, "root");
  EXPECT_EQ(f.group, "acme");
  EXPECT_EQ(std::get<Service>(a.steps[2].body).operation, ServiceOperation::kEnable);
  EXPECT_EQ(std::get<Service>(a.steps[3].body).operation, ServiceOperation::kStart);
  EXPECT_EQ(a.artifacts(),
            (std::vector<std::string>{"artifacts/block-mgmt-port.sh", "artifacts/tls-hardened.conf"}));
}

TEST(Manifest, EdgeValuesAreKeptExactly) {
  const Action a = parsed(good("edge-values.json"));
  EXPECT_EQ(a.id, "0._-Z");
  EXPECT_EQ(a.preconditions.min_free_bytes, std::uint64_t{1} << 53);
  EXPECT_EQ(a.preconditions.free_space_path, "/");
  const auto& f = std::get<ReplaceFile>(a.steps[0].body);
  EXPECT_EQ(f.path, "/etc/.../.hidden/a..b");  // "..." and "a..b" are names, not traversal
  EXPECT_EQ(f.mode, 0u);
  EXPECT_EQ(std::get<SetConfig>(a.steps[1].body).value, "\tspaced value ; # not a comment here");
  EXPECT_EQ(std::get<SetConfig>(a.steps[3].body).key, "/~0~1/");
  EXPECT_EQ(std::get<SetConfig>(a.steps[3].body).value,
            " {\"a\": [1, 2.5, null]} ");  // floats inside the value's text
  const auto& s = std::get<RunScript>(a.steps[5].body);
  EXPECT_EQ(s.success_exit_codes, (std::vector<int>{255, 0}));
  EXPECT_EQ(s.check_args, std::vector<std::string>{});
  EXPECT_EQ(s.revert_args, (std::vector<std::string>{"\u00e9", " "}));
  EXPECT_EQ(std::get<InstallPackage>(a.steps[6].body).format, PackageFormat::kOpkg);
}

TEST(Manifest, DefaultsOfOptionalMembers) {
  const Action a = parsed(good("minimal.json"));
  const auto& s = std::get<RunScript>(a.steps[0].body);
  EXPECT_TRUE(s.args.empty());
  EXPECT_FALSE(s.check_args);
  EXPECT_EQ(s.timeout, std::chrono::seconds(300));
  EXPECT_EQ(s.success_exit_codes, std::vector<int>{0});
  EXPECT_FALSE(s.revert_artifact);
  EXPECT_TRUE(a.irreversible());  // a script without a revert script
  const Action f =
      parsed(minimalWith(R"({"id":"f","type":"replace_file","path":"/x","artifact":"artifacts/x"})"));
  EXPECT_EQ(std::get<ReplaceFile>(f.steps[0].body).mode, 0644u);
  EXPECT_FALSE(std::get<ReplaceFile>(f.steps[0].body).owner);
  const Action p = parsed(minimalWith(
      R"({"id":"p","type":"install_package","format":"rpm","package":"x","version":"1:2.0-1","artifact":"artifacts/x.rpm","allow_downgrade":true})"));
  EXPECT_EQ(std::get<InstallPackage>(p.steps[0].body).format, PackageFormat::kRpm);
  EXPECT_TRUE(std::get<InstallPackage>(p.steps[0].body).allow_downgrade);
  EXPECT_FALSE(std::get<InstallPackage>(p.steps[0].body).rollback_artifact);
}

TEST(Manifest, BoundsHoldExactlyAtTheEdge) {
  // 64 steps, 64 args, timeout 86400 s, mode 7777, a 4096-byte string: accepted.
  std::string steps, args;
  for (int i = 0; i < 64; ++i) {
    steps += std::string(i ? "," : "") + R"({"id":"s)" + std::to_string(i) +
             R"(","type":"service","operation":"stop","name":"x"})";
    args += std::string(i ? "," : "") + "\"a\"";
  }
  EXPECT_EQ(parsed(minimalWith(steps)).steps.size(), 64u);
  const Action s = parsed(minimalWith(
      R"({"id":"s","type":"run_script","artifact":"artifacts/x","timeout_seconds":86400,"args":[)" + args +
      "]}"));
  EXPECT_EQ(std::get<RunScript>(s.steps[0].body).args.size(), 64u);
  EXPECT_EQ(std::get<RunScript>(s.steps[0].body).timeout, std::chrono::seconds(86400));
  const Action m = parsed(
      minimalWith(R"({"id":"f","type":"replace_file","path":"/x","artifact":"artifacts/x","mode":"7777"})"));
  EXPECT_EQ(std::get<ReplaceFile>(m.steps[0].body).mode, 07777u);
  const std::string long_arg(4096, 'a');
  parsed(
      minimalWith(R"({"id":"s","type":"run_script","artifact":"artifacts/x","args":[")" + long_arg + "\"]}"));
  auto too_long = parseActionManifest(
      minimalWith(R"({"id":"s","type":"run_script","artifact":"artifacts/x","args":[")" + long_arg + "a\"]}"),
      "m.json");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().category, ErrorCategory::kLimit);
  EXPECT_NE(too_long.error().describe().find("m.json: /steps/0/args/0"), std::string::npos)
      << too_long.error().describe();
}

TEST(Manifest, DocumentOverOneMebibyteIsALimitNamingTheFile) {
  std::string text = good("minimal.json");
  text.insert(text.size() - 2, std::string(kMaxManifestBytes, ' '));
  auto a = parseActionManifest(text, "actions/big.json");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().category, ErrorCategory::kLimit);
  EXPECT_EQ(a.error().describe().rfind("actions/big.json: /: document of", 0), 0u) << a.error().describe();
  // Exactly 1 MiB (spaces are JSON whitespace) is accepted.
  text = good("minimal.json");
  text.insert(text.size() - 2, std::string(kMaxManifestBytes - text.size(), ' '));
  ASSERT_EQ(text.size(), kMaxManifestBytes);
  EXPECT_TRUE(parseActionManifest(text, "m.json"));
}

TEST(Manifest, DuplicateKeysAndFloatsAreRefusedByTheStrictReader) {
  auto dup = parseActionManifest(R"({"id":"a","id":"b"})", "d.json");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().describe().find("d.json: "), std::string::npos);
  EXPECT_NE(dup.error().describe().find("duplicate"), std::string::npos) << dup.error().describe();
}

}  // namespace
}  // namespace psirt::action
