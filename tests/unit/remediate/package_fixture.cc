// Package files, databases and oracles for the remediation tests (package_fixture.h).
#include "tests/unit/remediate/package_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "platform/process/process.h"

namespace psirt::test {
namespace {

const std::map<std::string, std::string> kEnv{
    {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}, {"HOME", "/nonexistent"}};

// Runs a host tool; ADD_FAILURE unless it exits 0 (when `must`).
process::Outcome runHost(const std::vector<std::string>& argv, bool must = true) {
  process::Options options;
  options.environment = kEnv;
  options.timeout = std::chrono::milliseconds(120000);
  auto tool = process::findExecutable(argv[0]);
  std::vector<std::string> full = argv;
  if (tool) full[0] = *tool;
  auto out = process::run(full, options);
  if (!out) {
    ADD_FAILURE() << argv[0] << ": " << out.error().describe();
    return {};
  }
  if (must && !out->succeeded()) {
    ADD_FAILURE() << argv[0] << " exited with " << out->exit_code << ": " << out->stderr_data;
  }
  return *out;
}

void writeText(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

bool haveDebTools() {
  return process::findExecutable("dpkg") && process::findExecutable("dpkg-deb") &&
         process::findExecutable("dpkg-query");
}
bool haveRpmTools() { return process::findExecutable("rpm") && process::findExecutable("rpmbuild"); }

std::string buildDeb(const std::string& dir, const std::string& name, const std::string& version,
                     const std::string& arch) {
  std::string tree = dir + "/" + name + "-" + version + "-" + arch + ".tree";
  writeText(tree + "/DEBIAN/control", "Package: " + name + "\nVersion: " + version +
                                          "\nArchitecture: " + arch +
                                          "\nMaintainer: psirt tests <tests@example.invalid>\n"
                                          "Description: remediation test package\n");
  writeText(tree + "/usr/share/" + name + "/version", version + "\n");
  std::string out = dir + "/" + name + "_" + version + "_" + arch + ".deb";
  runHost({"dpkg-deb", "--root-owner-group", "--build", tree, out});
  return std::filesystem::exists(out) ? out : "";
}

std::string buildRpm(const std::string& dir, const std::string& name, const std::string& version,
                     const std::string& release) {
  std::string top = dir + "/rpmbuild-" + name + "-" + version;
  std::string spec = top + "/SPECS/" + name + ".spec";
  writeText(spec, "Name: " + name + "\nVersion: " + version + "\nRelease: " + release +
                      "\nSummary: remediation test package\nLicense: MIT\nBuildArch: noarch\n"
                      "%description\nremediation test package\n"
                      "%install\nmkdir -p %{buildroot}/usr/share/" +
                      name +
                      "\n"
                      "echo " +
                      version + " > %{buildroot}/usr/share/" + name +
                      "/version\n"
                      "%files\n/usr/share/" +
                      name + "/version\n");
  // _dbpath inside the build tree: rpmbuild opens a database (build
  // dependencies) and would otherwise create $HOME/.rpmdb on the host.
  runHost({"rpmbuild", "--quiet", "--define", "_topdir " + top, "--define", "_tmppath " + top + "/tmp", "--define",
           "_dbpath " + top + "/rpmdb", "-bb", spec});
  std::string built = top + "/RPMS/noarch/" + name + "-" + version + "-" + release + ".noarch.rpm";
  std::string out = dir + "/" + name + "-" + version + "-" + release + ".noarch.rpm";
  std::error_code ec;
  std::filesystem::copy_file(built, out, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) ADD_FAILURE() << "rpmbuild made no " << built;
  return ec ? "" : out;
}

void makeDpkgRoot(const std::string& root) {
  std::filesystem::create_directories(root + "/var/lib/dpkg/info");
  std::filesystem::create_directories(root + "/var/lib/dpkg/updates");
  std::filesystem::create_directories(root + "/var/log");
  writeText(root + "/var/lib/dpkg/status", "");
  writeText(root + "/var/lib/dpkg/available", "");
}

void makeRpmRoot(const std::string& root) {
  std::filesystem::create_directories(root);
  runHost({"rpm", "--root", root, "--dbpath", "/var/lib/rpm", "--initdb"});
}

std::string dpkgState(const std::string& root, const std::string& package) {
  auto out = runHost({"dpkg-query", "--admindir=" + root + "/var/lib/dpkg",
                      "--showformat=${db:Status-Status} ${Version}", "--show", package},
                     false);
  if (out.exit_code == 1 && out.stderr_data.find("no packages found") != std::string::npos) return "absent";
  if (!out.succeeded()) return "error: " + out.stderr_data;
  if (out.stdout_data.rfind("not-installed", 0) == 0) return "absent";
  return out.stdout_data;
}

std::string rpmState(const std::string& root, const std::string& package) {
  auto out = runHost({"rpm", "--root", root, "--dbpath", "/var/lib/rpm", "-q", "--queryformat",
                      "%{VERSION}-%{RELEASE}", package},
                     false);
  if (out.exit_code == 1 && out.stdout_data.find("is not installed") != std::string::npos) return "absent";
  if (!out.succeeded()) return "error: " + out.stderr_data;
  return out.stdout_data;
}

void dpkgInstall(const std::string& root, const std::string& file) {
  runHost({"dpkg", "--root=" + root, "--log=/dev/null", "--install", file});
}

void rpmInstall(const std::string& root, const std::string& file) {
  runHost({"rpm", "--root", root, "--dbpath", "/var/lib/rpm", "-U", "--nosignature", file});
}

std::string installedFile(const std::string& root, const std::string& name) {
  std::ifstream in(root + "/usr/share/" + name + "/version", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

HeldRecordLock::HeldRecordLock(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  if (fd_ < 0 || ::fcntl(fd_, F_SETLK, &lk) != 0) {
    ADD_FAILURE() << "cannot lock " << path;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
}

HeldRecordLock::~HeldRecordLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::string applyWhileLocked(remediate::StepExecutor& exec, const action::Step& step,
                             const remediate::Context& ctx, const std::string& lock_path) {
  auto undo = exec.prepare(step, ctx);
  if (!undo) {
    ADD_FAILURE() << "prepare: " << undo.error().describe();
    return {};
  }
  HeldRecordLock lock(lock_path);
  auto applied = exec.apply(step, ctx, *undo);
  if (applied) ADD_FAILURE() << "apply succeeded under a held lock on " << lock_path;
  return applied ? std::string() : applied.error().describe();
}

remediate::Context imageContext(const std::string& root, const std::string& artifacts_dir,
                                const std::string& transaction_dir) {
  remediate::Context ctx;
  ctx.root = root;
  ctx.image = true;
  ctx.transaction_dir = transaction_dir;
  std::filesystem::create_directories(transaction_dir);
  ctx.artifact = [artifacts_dir](std::string_view target) -> Result<std::string> {
    constexpr std::string_view kPrefix = "artifacts/";
    if (target.substr(0, kPrefix.size()) != kPrefix) {
      return makeError(ErrorCategory::kUsage, "not an artifacts/ target", std::string(target));
    }
    std::string path = artifacts_dir + "/" + std::string(target.substr(kPrefix.size()));
    if (!std::filesystem::exists(path))
      return makeError(ErrorCategory::kIo, "no such artifact", std::string(target));
    return path;
  };
  return ctx;
}

std::optional<remediate::UndoRecord> checkPrepareApply(remediate::StepExecutor& exec,
                                                       const action::Step& step,
                                                       const remediate::Context& ctx) {
  auto done = exec.check(step, ctx);
  if (!done || *done) {
    ADD_FAILURE() << "check: " << (done ? "already done" : done.error().describe());
    return std::nullopt;
  }
  auto undo = exec.prepare(step, ctx);
  if (!undo) {
    ADD_FAILURE() << "prepare: " << undo.error().describe();
    return std::nullopt;
  }
  auto applied = exec.apply(step, ctx, *undo);
  if (!applied) {
    ADD_FAILURE() << "apply: " << applied.error().describe();
    return std::nullopt;
  }
  return *undo;
}

}  // namespace psirt::test
