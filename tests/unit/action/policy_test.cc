// The remediation policy: parsing with line-precise errors, maintenance
// windows (across midnight, across Saturday -> Sunday, zone offsets, day
// ranges) and the decision order of decide().
#include "agent/action/policy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace psirt::action {
namespace {

using namespace std::chrono;

// 2026-12-07 is a Monday.
system_clock::time_point utc(int day_of_december, int h, int m, int s = 0) {
  return sys_days{year{2026} / December / day_of_december} + hours(h) + minutes(m) + seconds(s);
}

Policy policy(const std::string& text) {
  auto p = parsePolicy(text, "policy.conf");
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : Policy{};
}

std::string refusal(const std::string& text) {
  auto p = parsePolicy(text, "policy.conf");
  EXPECT_FALSE(p) << text;
  return p ? std::string() : p.error().describe();
}

Action action(std::string id, Category c, bool reversible_steps = true) {
  Action a;
  a.id = std::move(id);
  a.category = c;
  Service svc;
  a.steps.push_back(Step{"restart", svc});
  if (!reversible_steps) {
    RunScript script;
    script.artifact = "artifacts/fix.sh";
    a.steps.push_back(Step{"fix", script});
  }
  return a;
}

TEST(PolicyParse, EveryKey) {
  const Policy p = policy(
      "# maintenance policy\n"
      "\n"
      "unattended = workaround, mitigation\n"
      "  window = Mon-Fri 22:00-02:00 +01:00   \n"
      "window=Sat,Sun 00:00-24:00 UTC\n"
      "irreversible = approved\n"
      "downgrade = allow\n");
  EXPECT_EQ(p.unattended, (std::vector<Category>{Category::kWorkaround, Category::kMitigation}));
  ASSERT_EQ(p.windows.size(), 7u);  // five days of the range, then two of the list
  EXPECT_EQ(p.windows[0].weekday, 1);
  EXPECT_EQ(p.windows[4].weekday, 5);
  EXPECT_EQ(p.windows[0].start_minute, 22 * 60);
  EXPECT_EQ(p.windows[0].end_minute, 2 * 60);
  EXPECT_EQ(p.windows[0].offset_minutes, 60);
  EXPECT_EQ(p.windows[0].text, "Mon-Fri 22:00-02:00 +01:00");
  EXPECT_EQ(p.windows[5].weekday, 6);
  EXPECT_EQ(p.windows[6].weekday, 0);
  EXPECT_EQ(p.windows[6].end_minute, 1440);
  EXPECT_EQ(p.irreversible, IrreversibleRule::kApproved);
  EXPECT_TRUE(p.allow_downgrade);
}

TEST(PolicyParse, EmptyFileAndDefaultAreTheSafeDefaults) {
  for (const Policy& p : {policy(""), policy("# nothing\n\n"), Policy{}}) {
    EXPECT_TRUE(p.unattended.empty());
    EXPECT_TRUE(p.windows.empty());
    EXPECT_EQ(p.irreversible, IrreversibleRule::kDeny);
    EXPECT_FALSE(p.allow_downgrade);
  }
  EXPECT_TRUE(policy("unattended = none\n").unattended.empty());
  EXPECT_EQ(policy("window = daily 01:00-02:00 -05:30\n").windows.size(), 7u);
  EXPECT_EQ(policy("window = daily 01:00-02:00 -05:30\n").windows[0].offset_minutes, -330);
  EXPECT_EQ(policy("window = Fri-Mon 01:00-02:00 UTC\n").windows.size(), 4u);  // wraps over the weekend
}

TEST(PolicyParse, EveryErrorNamesFileAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"unattended = workaround\nbogus = 1\n", "policy.conf:2: unknown key \"bogus\""},
      {"\n\nunattended\n", "policy.conf:3: expected \"KEY = VALUE\""},
      {"unattended = vendor_fix, patch\n",
       "policy.conf:1: unattended: \"patch\" is not workaround, mitigation, vendor_fix"},
      {"unattended = workaround, workaround\n", "policy.conf:1: unattended: workaround listed twice"},
      {"unattended = none, workaround\n", "policy.conf:1: unattended: \"none\" is not"},
      {"unattended = workaround\nunattended = mitigation\n", "policy.conf:2: unattended given twice"},
      {"irreversible = maybe\n", "policy.conf:1: irreversible: \"maybe\" is not deny, approved or allow"},
      {"downgrade = yes\n", "policy.conf:1: downgrade: \"yes\" is not deny or allow"},
      {"downgrade =\n", "policy.conf:1: downgrade: empty value"},
      {"window = Mon 22:00-02:00\n", "policy.conf:1: window: expected \"DAYS HH:MM-HH:MM ZONE\""},
      {"window = Monday 22:00-02:00 UTC\n", "policy.conf:1: window days \"Monday\""},
      {"window = Mon,Mon 22:00-02:00 UTC\n", "policy.conf:1: window days \"Mon,Mon\" name Mon twice"},
      {"window = Mon 24:00-02:00 UTC\n", "policy.conf:1: window times \"24:00-02:00\""},
      {"window = Mon 22:60-23:00 UTC\n", "policy.conf:1: window times"},
      {"window = Mon 2:00-3:00 UTC\n", "policy.conf:1: window times"},
      {"window = Mon 02:00-02:00 UTC\n", "policy.conf:1: window times \"02:00-02:00\": start equals end"},
      {"window = Mon 02:00-03:00 +15:00\n", "policy.conf:1: window zone \"+15:00\""},
      {"window = Mon 02:00-03:00 CET\n", "policy.conf:1: window zone \"CET\""},
      {"window = Mon 02:00-03:00 UTC\r\n", "policy.conf:1: carriage return"},
      {"# ok\nwindow = Mon 02:00-03:00 UTC\x01\n", "policy.conf:2: control byte"},
  };
  for (const auto& [text, want] : cases) {
    const std::string line = refusal(text);
    EXPECT_EQ(line.rfind(want, 0), 0u) << "want \"" << want << "\" got \"" << line << "\"";
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
}

TEST(PolicyParse, Bounds) {
  auto big = parsePolicy(std::string(kMaxPolicyBytes + 1, '#'), "p");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().category, ErrorCategory::kLimit);
  const std::string long_line = "# " + std::string(kMaxPolicyLineBytes, 'x') + "\n";
  EXPECT_EQ(refusal("\n" + long_line).rfind("policy.conf:2: line longer than 1024 bytes", 0), 0u);
  std::string windows;
  for (int i = 0; i < 36; ++i) windows += "window = daily 01:00-02:00 UTC\n";  // 252 windows: accepted
  EXPECT_EQ(policy(windows).windows.size(), 252u);
  windows += "window = daily 03:00-04:00 UTC\n";
  EXPECT_EQ(refusal(windows).rfind("policy.conf:37: more than 256 windows", 0), 0u);
}

TEST(PolicyWindow, AcrossMidnightBelongsToTheDayItOpens) {
  const Policy p = policy("window = Mon 22:00-02:00 UTC\n");
  const Window& w = p.windows.at(0);
  EXPECT_FALSE(w.contains(utc(7, 21, 59, 59)));  // Monday before
  EXPECT_TRUE(w.contains(utc(7, 22, 0)));        // opens (inclusive)
  EXPECT_TRUE(w.contains(utc(7, 23, 59, 59)));
  EXPECT_TRUE(w.contains(utc(8, 0, 0)));  // Tuesday, after midnight
  EXPECT_TRUE(w.contains(utc(8, 1, 59, 59)));
  EXPECT_FALSE(w.contains(utc(8, 2, 0)));                        // closes (exclusive)
  EXPECT_FALSE(w.contains(utc(7, 1, 0)));                        // Monday 01:00 belongs to Sunday's night
  EXPECT_FALSE(w.contains(utc(14, 23, 0) - hours(7 * 24 + 2)));  // Monday 21:00, an hour early
  EXPECT_TRUE(w.contains(utc(14, 23, 0)));                       // the next Monday
}

TEST(PolicyWindow, SaturdayNightWrapsIntoSunday) {
  const Window w = policy("window = Sat 23:00-01:00 UTC\n").windows.at(0);
  EXPECT_TRUE(w.contains(utc(12, 23, 30)));  // Saturday
  EXPECT_TRUE(w.contains(utc(13, 0, 30)));   // Sunday
  EXPECT_FALSE(w.contains(utc(13, 1, 0)));
  EXPECT_FALSE(w.contains(utc(6, 0, 30) + hours(24)));  // Monday 00:30 is not Sunday
  const Window whole = policy("window = Sun 00:00-24:00 UTC\n").windows.at(0);
  EXPECT_TRUE(whole.contains(utc(13, 0, 0)));
  EXPECT_TRUE(whole.contains(utc(13, 23, 59, 59)));
  EXPECT_FALSE(whole.contains(utc(14, 0, 0)));
  EXPECT_FALSE(whole.contains(utc(12, 23, 59, 59)));
}

TEST(PolicyWindow, ZoneOffsetsShiftTheWeekday) {
  // Tuesday 01:30 at +05:30 is Monday 20:00 UTC.
  const Window east = policy("window = Tue 01:00-02:00 +05:30\n").windows.at(0);
  EXPECT_TRUE(east.contains(utc(7, 20, 0)));
  EXPECT_FALSE(east.contains(utc(8, 1, 30)));
  // Sunday 22:00 at -08:00 is Monday 06:00 UTC.
  const Window west = policy("window = Sun 21:00-23:00 -08:00\n").windows.at(0);
  EXPECT_TRUE(west.contains(utc(7, 6, 0)));
  EXPECT_FALSE(west.contains(utc(6, 22, 0)));
  // Before the epoch too (floor, not truncation).
  const Window thu = policy("window = Wed 23:00-01:00 UTC\n").windows.at(0);
  EXPECT_TRUE(thu.contains(system_clock::time_point{} - minutes(30)));  // 1969-12-31 23:30, a Wednesday
}

TEST(PolicyDecide, DefaultPolicyIsPlanOnlyButAnApprovalAppliesAReversibleAction) {
  const Policy p;
  const Action a = action("A-1", Category::kVendorFix);
  Decision d = decide(p, a, utc(7, 12, 0), {});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "category vendor_fix not unattended and not approved");
  d = decide(p, a, utc(7, 12, 0), {"other", "A-1"});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "approved (--approve A-1)");
}

TEST(PolicyDecide, UnattendedCategoryInsideAndOutsideWindows) {
  const Policy p =
      policy("unattended = workaround\nwindow = Mon 22:00-02:00 UTC\nwindow = Sat 10:00-11:00 +02:00\n");
  const Action a = action("W-1", Category::kWorkaround);
  Decision d = decide(p, a, utc(8, 1, 0), {});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "category workaround unattended, inside maintenance window Mon 22:00-02:00 UTC");
  d = decide(p, a, utc(12, 8, 30), {});  // Saturday 10:30 at +02:00
  EXPECT_TRUE(d.allowed) << d.reason;
  d = decide(p, a, utc(8, 2, 0), {});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "outside every maintenance window");
  // An approval lifts the window.
  EXPECT_TRUE(decide(p, a, utc(8, 2, 0), {"W-1"}).allowed);
  // Another category is not unattended, inside a window or not.
  d = decide(p, action("M-1", Category::kMitigation), utc(8, 1, 0), {});
  EXPECT_EQ(d.reason, "category mitigation not unattended and not approved");
  // No window: any time.
  d = decide(policy("unattended = workaround\n"), a, utc(9, 13, 17), {});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "category workaround unattended, no maintenance window set");
}

TEST(PolicyDecide, IrreversibleRules) {
  const Action a = action("X-1", Category::kWorkaround, false);
  // deny: never, approval or not.
  Policy p = policy("unattended = workaround\nirreversible = deny\n");
  Decision d = decide(p, a, utc(7, 0, 0), {"X-1"});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "irreversible step 'fix' and policy denies irreversible");
  // approved: only with the approval, unattended category notwithstanding.
  p = policy("unattended = workaround\nirreversible = approved\n");
  d = decide(p, a, utc(7, 0, 0), {});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "irreversible step 'fix' and not approved (policy: irreversible = approved)");
  EXPECT_TRUE(decide(p, a, utc(7, 0, 0), {"X-1"}).allowed);
  // allow: as any other action (unattended category and windows).
  p = policy("unattended = workaround\nirreversible = allow\nwindow = Tue 00:00-01:00 UTC\n");
  EXPECT_TRUE(decide(p, a, utc(8, 0, 30), {}).allowed);
  EXPECT_FALSE(decide(p, a, utc(8, 1, 30), {}).allowed);
  // A reversible action is unaffected by irreversible = deny.
  EXPECT_TRUE(decide(policy("irreversible = deny\n"), action("R", Category::kVendorFix), utc(7, 0, 0), {"R"})
                  .allowed);
}

}  // namespace
}  // namespace psirt::action
