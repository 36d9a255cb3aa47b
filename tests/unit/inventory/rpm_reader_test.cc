// rpm reader with a fake process runner: which rpm runs with which database
// and backend, how its output is parsed, and every failure made visible.
#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/readers.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::Sysroot;

struct FakeRpm {
  std::vector<std::string> argv;
  process::Options options;
  process::Outcome outcome;
  int calls = 0;
  ProcessRunner runner() {
    return [this](const std::vector<std::string>& a, const process::Options& o) -> Result<process::Outcome> {
      ++calls;
      argv = a;
      options = o;
      return outcome;
    };
  }
};

std::string record(const std::string& name, const std::string& epoch, const std::string& v, const std::string& r,
                   const std::string& arch, const std::string& srpm) {
  return name + "\x1f" + epoch + "\x1f" + v + "\x1f" + r + "\x1f" + arch + "\x1f" + srpm + "\x1e\n";
}

bool anyWarningContains(const ReaderResult& r, const std::string& text) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const Warning& w) { return w.describe().find(text) != std::string::npos; });
}

ReadOptions optionsFor(const Sysroot& root) {
  ReadOptions o;
  o.sysroot = root.path();
  o.os.id = "rhel";
  o.os.version_id = "8.9";
  return o;
}

TEST(RpmReader, RunsTheHostRpmOnTheSysrootDatabaseWithItsBackend) {
  if (!process::findExecutable("rpm")) GTEST_SKIP() << "no rpm on this host";
  struct Case {
    const char* dir;
    const char* file;
    const char* backend;
  } cases[] = {{"var/lib/rpm", "rpmdb.sqlite", "sqlite"},
               {"var/lib/rpm", "Packages.db", "ndb"},
               {"var/lib/rpm", "Packages", "bdb_ro"},
               {"usr/lib/sysimage/rpm", "rpmdb.sqlite", "sqlite"}};
  for (const auto& c : cases) {
    Sysroot root;
    root.write(std::string(c.dir) + "/" + c.file, "not empty");
    // A trap: an rpm inside the sysroot must never be used.
    root.write("usr/bin/rpm", "#!/bin/sh\necho pwned\n");
    FakeRpm fake;
    fake.outcome.exit_code = 0;
    fake.outcome.stdout_data = record("bash", "(none)", "4.4.20", "4.el8_6", "x86_64", "bash-4.4.20-4.el8_6.src.rpm");
    auto r = readRpm(optionsFor(root), fake.runner());
    ASSERT_EQ(fake.calls, 1);
    EXPECT_EQ(fake.argv[0], *process::findExecutable("rpm"));
    EXPECT_EQ(fake.argv[0].rfind(root.path(), 0), std::string::npos);
    auto dbpath = std::find(fake.argv.begin(), fake.argv.end(), "--dbpath");
    ASSERT_NE(dbpath, fake.argv.end());
    EXPECT_EQ(*(dbpath + 1), root.path() + "/" + c.dir);
    EXPECT_NE(std::find(fake.argv.begin(), fake.argv.end(), std::string("_db_backend ") + c.backend), fake.argv.end())
        << c.file;
    EXPECT_EQ(fake.options.environment.count("PATH"), 1u);
    EXPECT_EQ(fake.options.environment.count("RPM_CONFIGDIR"), 0u);
    EXPECT_LE(fake.options.environment.size(), 3u);
    EXPECT_GT(fake.options.timeout.count(), 0);
    EXPECT_FALSE(r.partial) << c.file;
    ASSERT_EQ(r.items.size(), 1u);
    EXPECT_EQ(r.items[0].evidence.path, "/" + std::string(c.dir) + "/" + c.file);
  }
}

TEST(RpmReader, ParsesEpochSourceRpmAndPurl) {
  ReaderResult out;
  ReadOptions o;
  o.os.id = "rhel";
  o.os.version_id = "8.9";
  auto items = parseRpmQueryOutput(
      record("openssl-libs", "1", "1.1.1k", "9.el8_7", "x86_64", "openssl-1.1.1k-9.el8_7.src.rpm") +
          record("gpg-pubkey", "(none)", "fd431d51", "4ae0493b", "(none)", "(none)") +
          record("tzdata", "(none)", "2024a", "1.el8", "noarch", "tzdata-2024a-1.el8.src.rpm"),
      "/var/lib/rpm/rpmdb.sqlite", o, out);
  EXPECT_TRUE(out.warnings.empty());
  ASSERT_EQ(items.size(), 2u);  // signing keys are not software
  EXPECT_EQ(items[0].version, "1:1.1.1k-9.el8_7");
  EXPECT_EQ(items[0].source_name, "openssl");
  EXPECT_EQ(items[0].source_version, "1.1.1k-9.el8_7");
  EXPECT_EQ(items[0].purl, "pkg:rpm/redhat/openssl-libs@1.1.1k-9.el8_7?arch=x86_64&distro=rhel-8.9&epoch=1");
  EXPECT_EQ(items[1].version, "2024a-1.el8");
  EXPECT_EQ(items[1].purl, "pkg:rpm/redhat/tzdata@2024a-1.el8?arch=noarch&distro=rhel-8.9");
}

TEST(RpmReaderBadInput, MalformedRecordsAreSkippedWithTheRecordNumber) {
  ReaderResult out;
  ReadOptions o;
  auto items = parseRpmQueryOutput(record("good", "(none)", "1", "1", "noarch", "good-1-1.src.rpm") +
                                       "only\x1f" "three\x1f" "fields\x1e\n" +
                                       record("badepoch", "x1", "1", "1", "noarch", "s-1-1.src.rpm") +
                                       record("", "(none)", "1", "1", "noarch", "s-1-1.src.rpm") +
                                       record("tail", "(none)", "2", "2", "noarch", "tail-2-2.src.rpm") +
                                       "cut\x1f" "(none",
                                   "/var/lib/rpm/Packages", o, out);
  EXPECT_TRUE(out.partial);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(anyWarningContains(out, "Packages:2: record has 3 fields, expected 6"));
  EXPECT_TRUE(anyWarningContains(out, "Packages:3: package 'badepoch': invalid epoch"));
  EXPECT_TRUE(anyWarningContains(out, "Packages:4: record with an empty or invalid field"));
  EXPECT_TRUE(anyWarningContains(out, "Packages:6: output ends inside a record"));
}

TEST(RpmReaderBadInput, EmptyAnswerFromANonEmptyDatabaseIsAnError) {
  if (!process::findExecutable("rpm")) GTEST_SKIP() << "no rpm on this host";
  Sysroot root;
  root.write("var/lib/rpm/rpmdb.sqlite", "SQLite format 3");
  FakeRpm fake;
  fake.outcome.exit_code = 0;
  auto r = readRpm(optionsFor(root), fake.runner());
  EXPECT_TRUE(r.present);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "rpmdb.sqlite: rpm listed no packages from a non-empty sqlite database"));
}

TEST(RpmReaderBadInput, FailingOrTimedOutRpmMarksPartial) {
  if (!process::findExecutable("rpm")) GTEST_SKIP() << "no rpm on this host";
  Sysroot root;
  root.write("var/lib/rpm/Packages.db", "x");
  FakeRpm fake;
  fake.outcome.exit_code = 1;
  fake.outcome.stderr_data = "error: invalid %_db_backend: ndb\nmore\n";
  auto r = readRpm(optionsFor(root), fake.runner());
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "exited with 1: error: invalid %_db_backend: ndb"));
  fake.outcome = {};
  fake.outcome.timed_out = true;
  fake.outcome.signaled = true;
  fake.outcome.signal = 9;
  auto t = readRpm(optionsFor(root), fake.runner());
  EXPECT_TRUE(t.partial);
  EXPECT_TRUE(anyWarningContains(t, "timed out"));
  fake.outcome = {};
  fake.outcome.exit_code = 0;
  fake.outcome.stdout_truncated = true;
  fake.outcome.stdout_data = record("a", "(none)", "1", "1", "noarch", "a-1-1.src.rpm");
  auto big = readRpm(optionsFor(root), fake.runner());
  EXPECT_TRUE(big.partial);
  EXPECT_TRUE(big.items.empty());
}

TEST(RpmReaderBadInput, DatabaseDirectoryWithoutADatabase) {
  Sysroot root;
  root.write("var/lib/rpm/README", "junk");
  FakeRpm fake;
  auto r = readRpm(optionsFor(root), fake.runner());
  EXPECT_EQ(fake.calls, 0);
  EXPECT_TRUE(r.present);
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(anyWarningContains(r, "var/lib/rpm: rpm database directory without rpmdb.sqlite, Packages.db or Packages"));
  // Debian's rpm package ships an empty /var/lib/rpm: that is no database at all.
  Sysroot empty;
  empty.mkdir("var/lib/rpm");
  auto e = readRpm(optionsFor(empty), fake.runner());
  EXPECT_FALSE(e.present);
  EXPECT_FALSE(e.partial);
  Sysroot none;
  auto n = readRpm(optionsFor(none), fake.runner());
  EXPECT_FALSE(n.present);
  EXPECT_TRUE(n.warnings.empty());
}

TEST(RpmReaderBadInput, RealRpmOnAGarbageDatabaseGivesAWarning) {
  if (!process::findExecutable("rpm")) GTEST_SKIP() << "no rpm on this host";
  Sysroot root;
  root.write("var/lib/rpm/rpmdb.sqlite", std::string(300, '\x5a'));
  auto r = readRpm(optionsFor(root));
  EXPECT_TRUE(r.partial);
  EXPECT_TRUE(r.items.empty());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].describe().find("rpmdb.sqlite"), std::string::npos) << r.warnings[0].describe();
}

}  // namespace
}  // namespace psirt::inventory
