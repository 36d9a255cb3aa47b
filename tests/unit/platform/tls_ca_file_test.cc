// The TLS CA file is read through platform/fs (type checked before the open,
// non-blocking, at most kMaxCaFileBytes) and parsed from memory by the
// backend of this build (OpenSSL in dev, mbedTLS in asan and the static
// presets): no CA file can block a handshake or the CLI's early check.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "platform/transport/stream.h"
#include "platform/transport/tls.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace psirt::transport {
namespace {

const std::string kTestCa = "tests/unit/platform/testdata/tls/test-ca.pem";

void put(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  ::close(fd);
}

void sparse(const std::string& path, off_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(::ftruncate(fd, size), 0);
  ::close(fd);
}

// A handshake that must stop at the CA file: nothing is ever read from or
// written to the (empty) stream before the trust anchors are loaded.
Status handshakeWith(const std::string& ca) {
  TlsOptions options;
  options.ca_file = ca;
  auto stream = startTls(std::make_unique<MemoryStream>(""), "example.org", options, 2000);
  if (stream) return okStatus();
  return stream.error();
}

// Both entry points refuse `ca` at once with one line naming it and `why`.
void refusedFast(const std::string& ca, const std::string& why) {
  for (int entry = 0; entry < 2; ++entry) {
    const auto start = std::chrono::steady_clock::now();
    Status st = entry == 0 ? checkCaFile(ca) : handshakeWith(ca);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    ASSERT_FALSE(st) << ca;
    EXPECT_EQ(st.error().category, ErrorCategory::kUsage) << st.error().describe();
    const std::string line = st.error().describe();
    EXPECT_EQ(line.rfind("tls: cannot load CA file " + ca + ": ", 0), 0u) << line;
    EXPECT_NE(line.find(why), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_LT(ms.count(), 2000) << ca << (entry == 0 ? " (checkCaFile)" : " (handshake)");
  }
}

TEST(TlsCaFile, FifoIsRefusedWithoutBlocking) {
  test::TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("ca.fifo").c_str(), 0600), 0);
  refusedFast(dir.file("ca.fifo"), "not a regular file (fifo)");  // a blocking open would hang: no writer
}

TEST(TlsCaFile, DeviceDirectoryAndMissingFileAreRefused) {
  test::TempDir dir;
  refusedFast("/dev/zero", "not a regular file (character device)");  // endless if it were read
  refusedFast(dir.path(), "not a regular file (directory)");
  refusedFast(dir.file("missing.pem"), "No such file or directory");
}

TEST(TlsCaFile, HugeFilesStopAtTheLimit) {
  test::TempDir dir;
  sparse(dir.file("over.pem"), static_cast<off_t>(kMaxCaFileBytes) + 1);
  refusedFast(dir.file("over.pem"), "larger than the limit of " + std::to_string(kMaxCaFileBytes) + " bytes");
  sparse(dir.file("huge.pem"), off_t{8} << 30);  // 8 GiB, sparse: read only to the limit
  refusedFast(dir.file("huge.pem"), "larger than the limit of");
}

TEST(TlsCaFile, FilesWithoutACertificateAreRefused) {
  test::TempDir dir;
  put(dir.file("empty.pem"), "");
  refusedFast(dir.file("empty.pem"), "");
  put(dir.file("text.pem"), "not a certificate\n");
  refusedFast(dir.file("text.pem"), "");
}

TEST(TlsCaFile, ABundleIsParsedFromMemory) {
  const std::string pem = test::readTextFile(test::sourcePath(kTestCa));
  ASSERT_FALSE(pem.empty());
  EXPECT_TRUE(checkCaFile(test::sourcePath(kTestCa)));
  test::TempDir dir;
  put(dir.file("bundle.pem"), "# a comment line\n" + pem + pem + pem);  // repeated anchors are fine
  Status st = checkCaFile(dir.file("bundle.pem"));
  EXPECT_TRUE(st) << st.error().describe();
  // At the limit exactly: still read (padding after the last certificate).
  put(dir.file("full.pem"), pem + std::string(kMaxCaFileBytes - pem.size(), '\n'));
  st = checkCaFile(dir.file("full.pem"));
  EXPECT_TRUE(st) << st.error().describe();
  // The handshake gets past the CA file and fails on the (empty) stream instead.
  Status hs = handshakeWith(test::sourcePath(kTestCa));
  ASSERT_FALSE(hs);
  EXPECT_EQ(hs.error().describe().find("CA file"), std::string::npos) << hs.error().describe();
}

TEST(TlsCaFile, TheSystemBundleLoadsWhereInstalled) {
  struct stat st{};
  if (::stat(kDefaultCaFile, &st) != 0) GTEST_SKIP() << kDefaultCaFile << " not installed";
  Status ok = checkCaFile("");  // empty: the system bundle
  EXPECT_TRUE(ok) << ok.error().describe();
}

}  // namespace
}  // namespace psirt::transport
