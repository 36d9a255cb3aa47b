// Crash consistency of the atomic write, proven on a real child process:
// SIGKILL at every named fault point, and the system-call order under strace.
#include <signal.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <climits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "platform/fs/fs.h"
#include "platform/process/process.h"
#include "tests/support/temp_dir.h"

namespace psirt::fs {
namespace {

constexpr std::size_t kOldSize = 700u << 10;  // sizes differ too: a mix cannot hide
constexpr std::size_t kNewSize = 1u << 20;    // 16 chunks of 64 KiB

[[maybe_unused]] std::string realDir(const test::TempDir& dir) {
  char buf[PATH_MAX];
  return ::realpath(dir.path().c_str(), buf) != nullptr ? std::string(buf) : dir.path();
}

[[maybe_unused]] Result<process::Outcome> runChild(const std::string& path, const std::string& fault) {
  process::Options o;
  if (!fault.empty()) o.environment["PSIRT_FAULT"] = fault;
  o.environment["ASAN_OPTIONS"] = "detect_leaks=0";  // a SIGKILLed child cannot report leaks anyway
  o.timeout = std::chrono::seconds(60);
  return process::run({PSIRT_FS_FAULT_CHILD, path, std::to_string(kNewSize), "N"}, o);
}

[[maybe_unused]] std::size_t countTemps(const std::string& dir) {
  auto entries = listDirectory(dir);
  EXPECT_TRUE(entries);
  std::size_t n = 0;
  for (const auto& e : *entries) n += e.name.find(".tmp.") != std::string::npos ? 1 : 0;
  return n;
}

struct FaultCase {
  const char* point;
  bool renamed;  // the rename happened before the kill: new content expected
};

class FsCrash : public testing::TestWithParam<FaultCase> {};

TEST_P(FsCrash, ChildKilledAtFaultPointLeavesOldOrNewNeverAMix) {
#if !defined(PSIRT_FAULT_INJECTION) || !defined(PSIRT_TEST_NATIVE)
  GTEST_SKIP() << "fault injection is compiled out in this build";
#else
  const FaultCase c = GetParam();
  test::TempDir dir;
  const std::string path = dir.file("state");
  const std::string old_content(kOldSize, 'O');
  const std::string new_content(kNewSize, 'N');
  ASSERT_TRUE(writeFileAtomic(path, old_content));

  auto r = runChild(path, c.point);
  ASSERT_TRUE(r) << r.error().describe();
  // The fault point really fired: the child died of SIGKILL, not a time-out.
  EXPECT_TRUE(r->signaled) << r->stderr_data;
  EXPECT_EQ(r->signal, SIGKILL);
  EXPECT_FALSE(r->timed_out);

  auto content = readFile(path, 2 * kNewSize);
  ASSERT_TRUE(content) << content.error().describe();
  EXPECT_TRUE(*content == old_content || *content == new_content) << "size " << content->size();
  EXPECT_EQ(*content == new_content, c.renamed);

  // A kill before the rename leaves its temp file; the next write removes it.
  EXPECT_EQ(countTemps(dir.path()), c.renamed ? 0u : 1u);
  ASSERT_TRUE(writeFileAtomic(path, "next"));
  EXPECT_EQ(countTemps(dir.path()), 0u);
  EXPECT_EQ(*readFile(path, 10), "next");
#endif
}

INSTANTIATE_TEST_SUITE_P(EveryPoint, FsCrash,
                         testing::Values(FaultCase{"atomic_write.mid_write", false},
                                         FaultCase{"atomic_write.before_fsync", false},
                                         FaultCase{"atomic_write.before_rename", false},
                                         FaultCase{"atomic_write.before_dir_fsync", true}),
                         [](const testing::TestParamInfo<FaultCase>& p) {
                           std::string name = p.param.point;
                           return name.substr(name.find('.') + 1);
                         });

TEST(FsCrashControl, ChildWithoutFaultWritesNewContent) {
#ifndef PSIRT_TEST_NATIVE
  GTEST_SKIP() << "helper executables are not run when cross-compiling";
#else
  test::TempDir dir;
  const std::string path = dir.file("state");
  ASSERT_TRUE(writeFileAtomic(path, std::string(kOldSize, 'O')));
  auto r = runChild(path, "");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->succeeded()) << r->stderr_data;
  EXPECT_EQ(*readFile(path, 2 * kNewSize), std::string(kNewSize, 'N'));
  EXPECT_EQ(countTemps(dir.path()), 0u);
#endif
}

// One traced system call: "[pid] name(args) = result".
struct Call {
  std::string name;
  std::string args;
  long long result = -1;
};

[[maybe_unused]] std::vector<Call> parseStrace(const std::string& log) {
  static const std::regex kLine(R"(^(?:\d+\s+)?(\w+)\((.*)\)\s+=\s+(-?\d+).*$)");
  std::vector<Call> calls;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) calls.push_back({m[1], m[2], std::stoll(m[3])});
  }
  return calls;
}

TEST(FsCrashControl, StraceShowsFileFsyncThenRenameThenDirectoryFsync) {
#ifndef PSIRT_TEST_NATIVE
  GTEST_SKIP() << "strace runs only on native builds";
#else
  auto strace = process::findExecutable("strace");
  if (!strace) GTEST_SKIP() << "strace is not installed";
  test::TempDir dir;
  const std::string real = realDir(dir);
  const std::string path = real + "/state";
  const std::string log_path = real + "/strace.log";
  ASSERT_TRUE(writeFileAtomic(path, "old"));
  process::Options o;
  o.environment["ASAN_OPTIONS"] = "detect_leaks=0";
  o.timeout = std::chrono::seconds(120);
  // -y prints the path behind every descriptor argument.
  auto r = process::run({*strace, "-f", "-y", "-qq", "-o", log_path, "-e",
                         "trace=fsync,fdatasync,rename,renameat,renameat2", PSIRT_FS_FAULT_CHILD, path,
                         std::to_string(kNewSize), "N"},
                        o);
  ASSERT_TRUE(r) << r.error().describe();
  if (!r->succeeded() && r->stderr_data.find("Operation not permitted") != std::string::npos) {
    GTEST_SKIP() << "ptrace is not permitted here: " << r->stderr_data;
  }
  ASSERT_TRUE(r->succeeded()) << r->stderr_data;
  auto log = readFile(log_path, 1u << 20);
  ASSERT_TRUE(log) << log.error().describe();
  const std::vector<Call> calls = parseStrace(*log);

  const std::string tmp_prefix = path + ".tmp.";
  int file_fsync = -1, rename = -1, dir_fsync = -1;
  std::string synced_tmp;
  for (int i = 0; i < static_cast<int>(calls.size()); ++i) {
    const Call& c = calls[static_cast<std::size_t>(i)];
    if (c.result != 0) continue;
    const bool is_sync = c.name == "fsync" || c.name == "fdatasync";
    if (is_sync && file_fsync < 0 && c.args.find("<" + tmp_prefix) != std::string::npos) {
      file_fsync = i;
      synced_tmp = c.args.substr(c.args.find('<') + 1);
      synced_tmp.pop_back();  // '>'
    } else if (c.name.rfind("rename", 0) == 0 && c.args.find("\"" + path + "\"") != std::string::npos &&
               (synced_tmp.empty() || c.args.find("\"" + synced_tmp + "\"") != std::string::npos)) {
      rename = i;
    } else if (is_sync && c.args.find("<" + real + ">") != std::string::npos) {
      dir_fsync = i;
    }
  }
  ASSERT_GE(file_fsync, 0) << *log;
  ASSERT_GE(rename, 0) << *log;
  ASSERT_GE(dir_fsync, 0) << *log;
  EXPECT_LT(file_fsync, rename) << *log;
  EXPECT_LT(rename, dir_fsync) << *log;
  EXPECT_EQ(*readFile(path, 2 * kNewSize), std::string(kNewSize, 'N'));
#endif
}

}  // namespace
}  // namespace psirt::fs
