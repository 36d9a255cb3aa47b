// The journal, the transaction engine and the replace_file / set_config
// executors on real files in a temp root (no mocks), including bad input:
// verify failure, a full disk, a symlink out of the root, non-regular
// targets, a damaged journal record.
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "agent/remediate/journal.h"
#include "agent/remediate/transaction.h"
#include "platform/fs/fs.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/remediate/fixture.h"

namespace psirt::remediate {
namespace {

using test_fixture::configStep;
using test_fixture::replaceStep;
using test_fixture::snapshot;

constexpr clock::Seconds kNow = 1796601600;  // 2026-12-07T00:00:00Z

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct Fixture {
  test::TempDir dir;
  std::string root = dir.file("root"), artifacts = dir.file("artifacts");
  state::Layout layout{dir.file("state")};
  Journal journal{layout};
  Context base;
  Fixture() {
    EXPECT_TRUE(test_fixture::makeRoot(root));
    EXPECT_TRUE(test_fixture::makeArtifacts(artifacts));
    base.root = root;
    base.artifact = test_fixture::artifactsIn(artifacts);
  }
  Outcome run(const action::Action& a) {
    auto out = apply(journal, a, base, kNow);
    EXPECT_TRUE(out) << (out ? "" : out.error().describe());
    return out ? *out : Outcome{};
  }
  std::string read(const std::string& rel) const { return fs::readFile(fs::joinPath(root, rel), 1 << 20).value_or("<none>"); }
};

action::Action actionOf(std::vector<action::Step> steps) {
  action::Action a;
  a.id = "T-1";
  a.steps = std::move(steps);
  return a;
}

// --- journal ----------------------------------------------------------------

TEST(RemediateJournal, RecordRoundTripsEveryStepKind) {
  Fixture f;
  action::Action a = test_fixture::demoAction();
  action::InstallPackage p;
  p.format = action::PackageFormat::kRpm;
  p.package = "x";
  p.version = "1-2";
  p.artifact = "artifacts/x.rpm";
  p.rollback_artifact = "artifacts/x-old.rpm";
  action::RunScript sc;
  sc.artifact = "artifacts/fix.sh";
  sc.args = {"--yes"};
  sc.check_args = std::vector<std::string>{"--check"};
  sc.success_exit_codes = {0, 3};
  a.steps.push_back({"pkg", p});
  a.steps.push_back({"svc", action::Service{action::ServiceOperation::kDisable, "sshd"}});
  a.steps.push_back({"script", sc});
  auto r = f.journal.begin(a, "/", false, kNow);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(isTransactionId(r->id)) << r->id;
  EXPECT_EQ(r->id.substr(0, 17), "20261207T000000Z-");
  r->steps[0].phase = Phase::kPrepared;
  r->steps[0].undo = std::string("bytes\0\xff\n", 8);
  ASSERT_TRUE(f.journal.write(*r));
  auto back = f.journal.read(r->id);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(encodeRecord(*back), encodeRecord(*r));
  EXPECT_EQ(back->steps[0].undo, r->steps[0].undo);
  EXPECT_EQ(std::get<action::RunScript>(back->steps.back().step.body).success_exit_codes, (std::vector<int>{0, 3}));
  EXPECT_EQ(f.journal.list().value_or({}), std::vector<std::string>{r->id});
}

TEST(RemediateJournal, IdsAreCheckedBeforeTheyReachAPath) {
  Fixture f;
  EXPECT_TRUE(isTransactionId("20261207T224500Z-0123456789abcdef"));
  for (const char* bad : {"", "..", "../x", "20261207T224500Z-0123456789abcdeF", "20261207T224500Z_0123456789abcdef",
                          "20261207T224500Z-0123456789abcdef/.."}) {
    EXPECT_FALSE(isTransactionId(bad)) << bad;
    auto r = f.journal.read(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().category, ErrorCategory::kUsage);
  }
  // Step ids name undo files: the journal refuses ones that could leave the transaction directory.
  for (const char* bad : {"..", "a/b", ""}) {
    auto b = f.journal.begin(actionOf({replaceStep(bad, "/x", "artifacts/x", 0644)}), "/", false, kNow);
    ASSERT_FALSE(b) << bad;
    EXPECT_EQ(b.error().describe(), "action T-1: invalid or repeated step id '" + std::string(bad) + "'");
  }
  auto twice = f.journal.begin(actionOf({replaceStep("s", "/x", "artifacts/x", 0644), replaceStep("s", "/y", "artifacts/y", 0644)}),
                               "/", false, kNow);
  ASSERT_FALSE(twice);
  auto ok = f.journal.begin(actionOf({replaceStep("s", "/x", "artifacts/x", 0644)}), "/", false, kNow);
  ASSERT_TRUE(ok);
  const std::string record = f.journal.recordPath(ok->id);
  auto text = fs::readFile(record, 1 << 20);
  ASSERT_TRUE(text);
  const auto at = text->find("\"id\": \"s\"");
  ASSERT_NE(at, std::string::npos) << *text;
  ASSERT_TRUE(fs::writeFileAtomic(record, text->substr(0, at) + "\"id\": \"../../../x\"" + text->substr(at + 9)));
  auto damaged = f.journal.read(ok->id);
  ASSERT_FALSE(damaged);
  EXPECT_TRUE(contains(damaged.error().message, "damaged journal record (invalid step id (undo files are named after it) at /steps/0)"))
      << damaged.error().describe();
}

TEST(RemediateJournal, ListRemovesInterruptedBeginsAndPrunesOldClosed) {
  Fixture f;
  ASSERT_TRUE(fs::makeDirectories(f.journal.dir() + "/20261207T000000Z-00000000000000aa"));  // begin killed
  ASSERT_TRUE(fs::makeDirectories(f.journal.dir() + "/20261207T000000Z-00000000000000bb.removing"));  // prune killed
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = f.journal.begin(actionOf({replaceStep("s", "/x", "artifacts/x", 0644)}), "/", false, kNow + i);
    ASSERT_TRUE(r);
    r->state = i == 0 ? TxState::kFailed : TxState::kCommitted;  // the oldest stays open
    ASSERT_TRUE(f.journal.write(*r));
    ids.push_back(r->id);
  }
  auto listed = f.journal.list();
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, ids);  // leftovers gone, oldest first
  ASSERT_TRUE(f.journal.prune());
  listed = f.journal.list();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), Journal::kKeepClosed + 1);
  EXPECT_EQ(listed->front(), ids.front());  // open: never pruned
  EXPECT_EQ(listed->back(), ids.back());
}

TEST(RemediateJournal, DamagedRecordIsOneClearErrorAndRecoveryRefusesToGuess) {
  Fixture f;
  auto out = f.run(actionOf({replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755)}));
  ASSERT_EQ(out.state, TxState::kCommitted);
  const std::string record = f.journal.recordPath(out.transaction);
  auto text = fs::readFile(record, 1 << 20);
  ASSERT_TRUE(text);
  const auto at = text->find("\"committed\"");
  ASSERT_NE(at, std::string::npos);
  ASSERT_TRUE(fs::writeFileAtomic(record, text->substr(0, at) + "\"half-done\"" + text->substr(at + 11)));
  auto r = recover(f.journal, f.base);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().describe(), record + ": damaged journal record (unknown state 'half-done' at /); inspect transaction " +
                                      out.transaction +
                                      " and restore the files its steps name by hand, then move its directory out of the journal");
  ASSERT_TRUE(fs::writeFileAtomic(record, text->substr(0, text->size() / 2)));  // truncated
  r = recover(f.journal, f.base);
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error().describe(), "damaged journal record")) << r.error().describe();
  EXPECT_TRUE(contains(r.error().describe(), "inspect transaction " + out.transaction));
  EXPECT_EQ(f.read("usr/bin/tool"), "#!/bin/sh\necho new tool\n");  // nothing guessed, nothing touched
  auto rb = rollback(f.journal, out.transaction, f.base);
  ASSERT_FALSE(rb);
  EXPECT_EQ(rb.error().category, ErrorCategory::kParse);
}

// --- transactions -----------------------------------------------------------

TEST(RemediateTransaction, ApplyCommitsThenRollbackRestoresEveryByte) {
  Fixture f;
  const auto before = snapshot(f.root);
  auto out = f.run(test_fixture::demoAction());
  ASSERT_EQ(out.state, TxState::kCommitted) << (out.error ? out.error->describe() : "");
  EXPECT_EQ(f.read("usr/bin/tool"), "#!/bin/sh\necho new tool\n");
  EXPECT_EQ(f.read("etc/app/app.conf"), "# app\n[main]\nport = 80\n; keep me\n\n[tls]\nenabled = yes  \nciphers=HIGH\n");
  EXPECT_EQ(f.read("etc/app/settings.json"),
            "{\n  \"a\": 1,\n  \"tls\": {\n    \"min\": \"1.0\",\n    \"max\": \"1.3\"\n  }\n}\n");
  EXPECT_EQ(f.read("etc/app/env"), "A=1\nB=2\nC=3\n");
  EXPECT_EQ(f.read("etc/app/extra.cfg"), "extra=1\n");
  struct stat st{};
  ASSERT_EQ(::stat((f.root + "/usr/lib/libx.so").c_str(), &st), 0);
  if (test_fixture::runningAsRoot()) {
    EXPECT_EQ(st.st_uid, 1234u);  // the ROOT's etc/passwd, not the host's
    EXPECT_EQ(st.st_gid, 1235u);
  }
  ASSERT_EQ(::stat((f.root + "/etc/app/extra.cfg").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  // A second apply finds every step already done and changes nothing.
  const auto after = snapshot(f.root);
  auto again = f.run(test_fixture::demoAction());
  EXPECT_EQ(again.state, TxState::kCommitted);
  EXPECT_EQ(snapshot(f.root), after);
  auto second = f.journal.read(again.transaction);
  ASSERT_TRUE(second);
  for (const auto& s : second->steps) EXPECT_EQ(s.phase, Phase::kAlready) << s.step.id;
  // Roll the first back (the second changed nothing).
  auto rb = rollback(f.journal, out.transaction, f.base);
  ASSERT_TRUE(rb);
  EXPECT_EQ(rb->state, TxState::kRolledBack) << (rb->error ? rb->error->describe() : "");
  EXPECT_EQ(snapshot(f.root), before);
  auto twice = rollback(f.journal, out.transaction, f.base);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().describe(), out.transaction + ": transaction is rolled_back: only a committed one rolls back");
}

TEST(RemediateTransaction, VerifyFailureRevertsEverythingAndSaysWhy) {
  Fixture f;
  const auto before = snapshot(f.root);
  // The artifact source hands out different bytes from its third call on
  // (check, apply, verify): verify of the second step sees a file that does
  // not hold "the artifact".
  int calls = 0;
  ASSERT_TRUE(fs::writeFileAtomic(f.artifacts + "/other", "changed after apply\n"));
  f.base.artifact = [&](std::string_view target) -> Result<std::string> {
    if (target == "artifacts/libx" && ++calls >= 3) return f.artifacts + "/other";
    return test_fixture::artifactsIn(f.artifacts)(target);
  };
  auto out = f.run(actionOf({replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755),
                             replaceStep("lib", "/usr/lib/libx.so", "artifacts/libx", 0644),
                             replaceStep("extra", "/etc/app/extra.cfg", "artifacts/extra", 0600)}));
  EXPECT_EQ(out.state, TxState::kReverted);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->describe(), "step lib (replace_file, verify): " + f.root +
                                       "/usr/lib/libx.so: does not hold the artifact's bytes, mode and owner after apply");
  EXPECT_EQ(snapshot(f.root), before);
  auto record = f.journal.read(out.transaction);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, TxState::kReverted);
  EXPECT_EQ(record->error, out.error->describe());
  EXPECT_EQ(record->steps[0].phase, Phase::kReverted);
  EXPECT_EQ(record->steps[1].phase, Phase::kReverted);
  EXPECT_EQ(record->steps[2].phase, Phase::kPending);  // never started
}

TEST(RemediateTransaction, FullDiskInTheMiddleOfApplyRevertsAndLeavesNoTemp) {
  if (!test_fixture::runningAsRoot()) GTEST_SKIP() << "mounting a tmpfs needs root";
  Fixture f;
  const std::string small = f.dir.file("small");
  ASSERT_TRUE(fs::makeDirectories(small));
  // A real full disk: a 64 KiB tmpfs as the target root.
  if (::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=64k,mode=0755") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << ")";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{small};
  ASSERT_TRUE(test_fixture::makeRoot(small));
  ASSERT_TRUE(fs::writeFileAtomic(f.artifacts + "/big", std::string(200 * 1024, 'b')));
  f.base.root = small;
  const auto before = snapshot(small);
  auto out = f.run(actionOf({replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755),
                             configStep("env", "/etc/app/env", action::ConfigFormat::kKeyValue, "", "C", "3"),
                             replaceStep("big", "/usr/lib/big.so", "artifacts/big", 0644)}));
  EXPECT_EQ(out.state, TxState::kReverted);
  ASSERT_TRUE(out.error);
  EXPECT_TRUE(contains(out.error->describe(), "step big (replace_file, apply): " + small + "/usr/lib/big.so: write failed: No space left on device"))
      << out.error->describe();
  EXPECT_EQ(snapshot(small), before);  // steps 1-2 reverted, no temp file of step 3
}

TEST(RemediateTransaction, FullJournalDiskStillRevertsAndTheNextStartCloses) {
  if (!test_fixture::runningAsRoot()) GTEST_SKIP() << "mounting a tmpfs needs root";
  Fixture f;
  const std::string state_dir = f.dir.file("small-state");
  ASSERT_TRUE(fs::makeDirectories(state_dir));
  // The STATE directory on a 3-page tmpfs: the record, its temp file and one
  // saved copy fit; the journal fills up in the middle of the transaction.
  if (::mount("tmpfs", state_dir.c_str(), "tmpfs", 0, "size=12k,mode=0700") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << ")";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{state_dir};
  const Journal journal{state::Layout(state_dir)};
  const auto before = snapshot(f.root);
  auto out = apply(journal, test_fixture::demoAction(), f.base, kNow);
  ASSERT_TRUE(out) << out.error().describe();
  EXPECT_NE(out->state, TxState::kCommitted);
  ASSERT_TRUE(out->error);
  EXPECT_TRUE(contains(out->error->describe(), "No space left on device")) << out->error->describe();
  // Either the step's error alone (every revert recorded) or it and the journal's.
  EXPECT_EQ(out->state == TxState::kOpen,
            contains(out->error->describe(), "; then: reverted, but the journal could not record it"))
      << out->error->describe();
  EXPECT_EQ(snapshot(f.root), before);  // reverted even where the journal could not record it
  // Space again: the next start closes whatever the journal still says is open.
  ASSERT_EQ(::mount("tmpfs", state_dir.c_str(), "tmpfs", MS_REMOUNT, "size=1m,mode=0700"), 0) << std::strerror(errno);
  auto rec = recover(journal, f.base);
  ASSERT_TRUE(rec) << rec.error().describe();
  auto ids = journal.list();
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), 1u);
  auto record = journal.read(ids->front());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, TxState::kReverted);
  EXPECT_EQ(snapshot(f.root), before);
}

TEST(RemediateTransaction, SymlinkOutOfTheRootIsRefusedAndNothingIsWrittenOutside) {
  Fixture f;
  const std::string outside = f.dir.file("outside");
  ASSERT_TRUE(fs::makeDirectories(outside));
  ASSERT_TRUE(fs::writeFileAtomic(outside + "/victim", "host\n", 0644));
  ASSERT_EQ(::symlink(outside.c_str(), (f.root + "/etc/escape").c_str()), 0);  // a directory link to a host path
  ASSERT_EQ(::symlink((outside + "/victim").c_str(), (f.root + "/etc/victim").c_str()), 0);  // a file link
  const auto before = snapshot(f.root);
  const auto host_before = snapshot(outside);
  for (const action::Step& step :
       {replaceStep("a", "/etc/escape/victim", "artifacts/tool", 0644), replaceStep("b", "/etc/victim", "artifacts/tool", 0644),
        configStep("c", "/etc/victim", action::ConfigFormat::kKeyValue, "", "K", "v")}) {
    auto out = f.run(actionOf({replaceStep("tool", "/usr/bin/tool", "artifacts/tool", 0755), step}));
    EXPECT_EQ(out.state, TxState::kReverted) << step.id;
    ASSERT_TRUE(out.error) << step.id;
    const std::string msg = out.error->describe();
    EXPECT_TRUE(step.id == "a" ? contains(msg, f.root + "/etc/escape/victim: cannot open its directory")
                               : contains(msg, f.root + "/etc/victim: not a regular file (symbolic link)"))
        << msg;
    EXPECT_EQ(snapshot(f.root), before) << step.id;
    EXPECT_EQ(snapshot(outside), host_before) << step.id;
  }
}

TEST(RemediateTransaction, FifoDeviceAndDirectoryTargetsAreRefused) {
  Fixture f;
  ASSERT_EQ(::mkfifo((f.root + "/etc/fifo").c_str(), 0600), 0);
  ASSERT_TRUE(fs::makeDirectories(f.root + "/etc/dir"));
  std::vector<std::pair<std::string, std::string>> targets{{"/etc/fifo", "fifo"}, {"/etc/dir", "directory"}};
  if (::mknod((f.root + "/etc/null").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) {
    targets.emplace_back("/etc/null", "character device");
  }
  const auto before = snapshot(f.root);
  for (const auto& [path, type] : targets) {
    for (const action::Step& step : {replaceStep("r", path, "artifacts/tool", 0644),
                                     configStep("c", path, action::ConfigFormat::kIni, "s", "k", "v")}) {
      auto out = f.run(actionOf({step}));
      EXPECT_EQ(out.state, TxState::kReverted) << path;
      ASSERT_TRUE(out.error) << path;
      EXPECT_TRUE(contains(out.error->describe(), f.root + path + ": not a regular file (" + type + ")"))
          << out.error->describe();
    }
  }
  EXPECT_EQ(snapshot(f.root), before);
}

TEST(RemediateTransaction, RecoveryRevertsAnOpenTransactionAndCommitsAFinishedOne) {
  Fixture f;
  const auto before = snapshot(f.root);
  const action::Action a = test_fixture::demoAction();
  // Simulate a crash after step 1 applied: journal says prepared, root changed.
  auto r = f.journal.begin(a, f.root, false, kNow);
  ASSERT_TRUE(r);
  Context ctx = f.base;
  ctx.transaction_dir = f.journal.transactionDir(r->id);
  StepExecutor& ex = executorFor(a.steps[0].body);
  auto undo = ex.prepare(a.steps[0], ctx);
  ASSERT_TRUE(undo);
  r->steps[0].undo = *undo;
  r->steps[0].phase = Phase::kPrepared;
  ASSERT_TRUE(f.journal.write(*r));
  ASSERT_TRUE(ex.apply(a.steps[0], ctx, *undo));
  ASSERT_NE(snapshot(f.root), before);
  auto rec = recover(f.journal, f.base);
  ASSERT_TRUE(rec) << rec.error().describe();
  ASSERT_EQ(rec->size(), 1u);
  EXPECT_EQ((*rec)[0].state, TxState::kReverted);
  EXPECT_EQ(snapshot(f.root), before);
  // Every step verified, commit record missing: recovery commits.
  auto done = f.journal.begin(actionOf({}), f.root, false, kNow + 1);
  ASSERT_TRUE(done);
  rec = recover(f.journal, f.base);
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->size(), 1u);
  EXPECT_EQ((*rec)[0].state, TxState::kCommitted);
}

// --- set_config details -----------------------------------------------------

struct ConfigCase {
  const char* name;
  const char* before;
  action::ConfigFormat format;
  const char* section;
  const char* key;
  const char* value;
  const char* after;
};

TEST(RemediateSetConfig, ChangesOneKeyKeepsEveryOtherByteAndRevertsExactly) {
  using F = action::ConfigFormat;
  const ConfigCase cases[] = {
      {"kv change", "# c\nA = 1 # not a comment\r\nB=2\n", F::kKeyValue, "", "A", "9", "# c\nA = 9\r\nB=2\n"},
      {"kv last wins", "A=1\nA=2\n", F::kKeyValue, "", "A", "3", "A=1\nA=3\n"},
      {"kv insert", "A=1\nB=2", F::kKeyValue, "", "C", "3", "A=1\nB=2\nC=3\n"},
      {"kv empty file", "", F::kKeyValue, "", "C", "3", "C=3\n"},
      {"ini change", "[a]\nk: 1\n[b]\nk = 1\n", F::kIni, "b", "k", "2", "[a]\nk: 1\n[b]\nk = 2\n"},
      {"ini insert", "[a]\nx=1\n\n[b]\ny=2\n", F::kIni, "a", "k", "v", "[a]\nx=1\nk=v\n\n[b]\ny=2\n"},
      {"ini top level", "[a]\nx=1\n", F::kIni, "", "k", "v", "k=v\n[a]\nx=1\n"},
      {"ini new section", "[a]\nx=1", F::kIni, "new", "k", "v", "[a]\nx=1\n\n[new]\nk=v\n"},
      {"json change", "{\"a\": {\"b\" : [1, 2]}, \"c\":3}", F::kJson, "", "/a/b", "{\"x\": null}",
       "{\"a\": {\"b\" : {\"x\": null}}, \"c\":3}"},
      {"json insert", "{\n\t\"a\": 1\n}", F::kJson, "", "/z~1y", "true", "{\n\t\"a\": 1,\n\t\"z/y\": true\n}"},
      {"json insert empty", "{\"o\": {}}", F::kJson, "", "/o/k", "\"v\"", "{\"o\": {\"k\": \"v\"}}"},
      {"json in array", "[{\"a\":1}]", F::kJson, "", "/0/a", "2", "[{\"a\":2}]"},
  };
  for (const ConfigCase& c : cases) {
    Fixture f;
    ASSERT_TRUE(fs::writeFileAtomic(f.root + "/etc/c", c.before, 0640));
    auto out = f.run(actionOf({configStep("c", "/etc/c", c.format, c.section, c.key, c.value)}));
    ASSERT_EQ(out.state, TxState::kCommitted) << c.name << ": " << (out.error ? out.error->describe() : "");
    EXPECT_EQ(f.read("etc/c"), c.after) << c.name;
    struct stat st{};
    ASSERT_EQ(::stat((f.root + "/etc/c").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u) << c.name;  // mode kept
    auto rb = rollback(f.journal, out.transaction, f.base);
    ASSERT_TRUE(rb && rb->state == TxState::kRolledBack) << c.name;
    EXPECT_EQ(f.read("etc/c"), c.before) << c.name;
  }
}

TEST(RemediateSetConfig, RefusesWhatItCannotWriteUnambiguously) {
  using F = action::ConfigFormat;
  Fixture f;
  ASSERT_TRUE(fs::writeFileAtomic(f.root + "/etc/c", "[a]\nk=1\n", 0644));
  ASSERT_TRUE(fs::writeFileAtomic(f.root + "/etc/j", "{\"a\": [1]}", 0644));
  const std::string c = f.root + "/etc/c", j = f.root + "/etc/j";
  const std::pair<action::Step, std::string> cases[] = {
      {configStep("s", "/etc/c", F::kIni, "a", "k", "1\nevil=1"), c + ": value for 'k' has a line break or a blank at an end"},
      {configStep("s", "/etc/c", F::kIni, "a", "k=x", "1"), c + ": key 'k=x' contains its separator"},
      {configStep("s", "/etc/c", F::kIni, "a]", "k", "1"), c + ": section 'a]' cannot be written as a header"},
      {configStep("s", "/etc/c", F::kJson, "", "/a", "1"), c + ": not valid JSON: "},
      {configStep("s", "/etc/j", F::kJson, "", "a", "1"), j + ": key 'a' is not a JSON Pointer to a member"},
      {configStep("s", "/etc/j", F::kJson, "", "/a/0", "1"), j + ": the parent of /a/0 is not an object"},
      {configStep("s", "/etc/j", F::kJson, "", "/b/c", "1"), j + ": no object or array member at /b"},
      {configStep("s", "/etc/j", F::kJson, "", "/b", "nope"), j + ": /b: value is not one JSON value"},
      {configStep("s", "/etc/none", F::kKeyValue, "", "k", "v"), f.root + "/etc/none: no such file (set_config changes an existing file)"},
  };
  const auto before = snapshot(f.root);
  for (const auto& [step, want] : cases) {
    auto out = f.run(actionOf({step}));
    EXPECT_EQ(out.state, TxState::kReverted) << want;
    ASSERT_TRUE(out.error) << want;
    EXPECT_TRUE(contains(out.error->describe(), want)) << out.error->describe();
  }
  EXPECT_EQ(snapshot(f.root), before);
}

TEST(RemediateReplaceFile, UnknownOwnerInTheRootIsRefusedBeforeAnyChange) {
  Fixture f;
  action::Step s = replaceStep("lib", "/usr/lib/libx.so", "artifacts/libx", 0644);
  std::get<action::ReplaceFile>(s.body).owner = "nobody-here";
  const auto before = snapshot(f.root);
  auto out = f.run(actionOf({s}));
  EXPECT_EQ(out.state, TxState::kReverted);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->describe(), "step lib (replace_file, check): " + f.root + "/etc/passwd: user 'nobody-here' not found");
  EXPECT_EQ(snapshot(f.root), before);
}

}  // namespace
}  // namespace psirt::remediate
