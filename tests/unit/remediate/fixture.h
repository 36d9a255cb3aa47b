// Shared by the remediate tests and their crash helper child: a small image
// root, the artifacts, and a six-step action (3 replace_file, one creating a
// new file, and 3 set_config: ini change, JSON insertion, key=value
// insertion). Also a snapshot of a tree (paths, types, modes, owners, bytes)
// to compare the root with its before- and after-state.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>

#include "agent/action/action.h"
#include "agent/remediate/step.h"
#include "platform/fs/fs.h"

namespace psirt::remediate::test_fixture {

inline bool runningAsRoot() { return ::geteuid() == 0; }

inline Status makeRoot(const std::string& root) {
  for (const char* d : {"etc/app", "usr/bin", "usr/lib"}) PSIRT_TRY(fs::makeDirectories(fs::joinPath(root, d), 0755));
  PSIRT_TRY(fs::writeFileAtomic(root + "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nsvc:x:1234:1235::/:/bin/false\n", 0644));
  PSIRT_TRY(fs::writeFileAtomic(root + "/etc/group", "root:x:0:\nsvc:x:1235:\n", 0644));
  PSIRT_TRY(fs::writeFileAtomic(root + "/etc/app/app.conf",
                                "# app\n[main]\nport = 80\n; keep me\n\n[tls]\nenabled = no  \nciphers=HIGH\n", 0640));
  PSIRT_TRY(fs::writeFileAtomic(root + "/etc/app/settings.json",
                                "{\n  \"a\": 1,\n  \"tls\": {\n    \"min\": \"1.0\"\n  }\n}\n", 0644));
  PSIRT_TRY(fs::writeFileAtomic(root + "/etc/app/env", "A=1\nB=2", 0644));
  PSIRT_TRY(fs::writeFileAtomic(root + "/usr/bin/tool", "#!/bin/sh\necho old tool\n", 0755));
  PSIRT_TRY(fs::writeFileAtomic(root + "/usr/lib/libx.so", std::string(3000, 'o'), 0644));
  return okStatus();
}

inline Status makeArtifacts(const std::string& dir) {
  PSIRT_TRY(fs::makeDirectories(dir, 0700));
  PSIRT_TRY(fs::writeFileAtomic(dir + "/tool", "#!/bin/sh\necho new tool\n", 0600));
  PSIRT_TRY(fs::writeFileAtomic(dir + "/libx", std::string(5000, 'n'), 0600));
  PSIRT_TRY(fs::writeFileAtomic(dir + "/extra", "extra=1\n", 0600));
  return okStatus();
}

// "artifacts/<name>" -> <dir>/<name>.
inline std::function<Result<std::string>(std::string_view)> artifactsIn(const std::string& dir) {
  return [dir](std::string_view target) -> Result<std::string> {
    constexpr std::string_view kPrefix = "artifacts/";
    if (target.substr(0, kPrefix.size()) != kPrefix) {
      return makeError(ErrorCategory::kUsage, "not an artifacts/ target", std::string(target));
    }
    return fs::joinPath(dir, target.substr(kPrefix.size()));
  };
}

inline action::Step replaceStep(std::string id, std::string path, std::string artifact, std::uint32_t mode) {
  action::ReplaceFile f;
  f.path = std::move(path);
  f.artifact = std::move(artifact);
  f.mode = mode;
  return action::Step{std::move(id), f};
}

inline action::Step configStep(std::string id, std::string path, action::ConfigFormat format, std::string section,
                               std::string key, std::string value) {
  action::SetConfig c;
  c.path = std::move(path);
  c.format = format;
  c.section = std::move(section);
  c.key = std::move(key);
  c.value = std::move(value);
  return action::Step{std::move(id), c};
}

inline action::Action demoAction() {
  action::Action a;
  a.id = "DEMO-2026-1";
  a.title = "demo fix";
  action::Step lib = replaceStep("lib", "/usr/lib/libx.so", "artifacts/libx", 0644);
  if (runningAsRoot()) {  // owner names resolved in the root's etc/passwd, etc/group
    std::get<action::ReplaceFile>(lib.body).owner = "svc";
    std::get<action::ReplaceFile>(lib.body).group = "svc";
  }
  a.steps = {replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755),
             configStep("tls", "/etc/app/app.conf", action::ConfigFormat::kIni, "tls", "enabled", "yes"),
             lib,
             configStep("max", "/etc/app/settings.json", action::ConfigFormat::kJson, "", "/tls/max", "\"1.3\""),
             configStep("env", "/etc/app/env", action::ConfigFormat::kKeyValue, "", "C", "3"),
             replaceStep("extra", "/etc/app/extra.cfg", "artifacts/extra", 0600)};
  return a;
}

// A file, a package and a configuration key in one transaction: the tool
// replaced, pkgx upgraded from 1.0 to 1.1 with dpkg (rollback: the 1.0 file),
// the env key set. Artifacts: makeArtifacts() plus pkgx_1.0_all.deb and
// pkgx_1.1_all.deb (package_fixture.h buildDeb).
inline action::Action packageAction() {
  action::Action a;
  a.id = "DEMO-2026-PKG";
  a.title = "demo fix with a package";
  action::InstallPackage pkg;
  pkg.format = action::PackageFormat::kDpkg;
  pkg.package = "pkgx";
  pkg.version = "1.1";
  pkg.artifact = "artifacts/pkgx_1.1_all.deb";
  pkg.rollback_artifact = "artifacts/pkgx_1.0_all.deb";
  a.steps = {replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755), action::Step{"pkgx", pkg},
             configStep("env", "/etc/app/env", action::ConfigFormat::kKeyValue, "", "C", "3")};
  return a;
}

// path -> "<type> <mode> <uid>:<gid> <bytes>" for every entry below `dir` (lstat).
inline void snapshotInto(const std::string& dir, const std::string& rel, std::map<std::string, std::string>* out) {
  auto entries = fs::listDirectory(dir);
  if (!entries) return;
  for (const auto& e : *entries) {
    const std::string path = fs::joinPath(dir, e.name);
    const std::string r = rel.empty() ? e.name : rel + "/" + e.name;
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) continue;
    std::string line = (S_ISDIR(st.st_mode) ? "dir " : S_ISREG(st.st_mode) ? "file " : "other ") +
                       std::to_string(st.st_mode & 07777) + " " + std::to_string(st.st_uid) + ":" +
                       std::to_string(st.st_gid);
    if (S_ISREG(st.st_mode)) line += " " + fs::readFile(path, 1 << 20).value_or("<unreadable>");
    (*out)[r] = line;
    if (S_ISDIR(st.st_mode)) snapshotInto(path, r, out);
  }
}

inline std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  snapshotInto(dir, "", &out);
  return out;
}

}  // namespace psirt::remediate::test_fixture
