#include "platform/clock/clock.h"

#include <time.h>

#include <gtest/gtest.h>

#include "platform/process/process.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace psirt::clock {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

Seconds parsed(std::string_view text) {
  auto r = parseRfc3339(text);
  EXPECT_TRUE(r) << text << ": " << (r ? "" : r.error().describe());
  return r ? *r : INT64_MIN;
}

TEST(Clock, EpochIsZero) {
  EXPECT_EQ(parsed("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(formatRfc3339(0), "1970-01-01T00:00:00Z");
  auto tuf = parseTufTime("1970-01-01T00:00:00Z");
  ASSERT_TRUE(tuf);
  EXPECT_EQ(*tuf, 0);
}

TEST(Clock, Year2038BoundaryIsTwoToThe31) {
  EXPECT_EQ(parsed("2038-01-19T03:14:07Z"), INT64_C(2147483647));
  EXPECT_EQ(parsed("2038-01-19T03:14:08Z"), INT64_C(2147483648));
  EXPECT_EQ(formatRfc3339(INT64_C(2147483648)), "2038-01-19T03:14:08Z");
}

TEST(Clock, DatesPast2038WorkOnEveryArchitecture) {
  EXPECT_EQ(parsed("2038-01-20T00:00:00Z"), INT64_C(2147558400));
  EXPECT_EQ(parsed("2100-01-01T00:00:00Z"), INT64_C(4102444800));
  EXPECT_EQ(parsed("9999-12-31T23:59:59Z"), INT64_C(253402300799));
  EXPECT_EQ(formatRfc3339(INT64_C(253402300799)), "9999-12-31T23:59:59Z");
}

TEST(Clock, FormatTufTimeIsTufsForm) {
  EXPECT_EQ(formatTufTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatTufTime(2147483647), "2038-01-19T03:14:07Z");
  EXPECT_EQ(formatTufTime(2147558400), "2038-01-20T00:00:00Z");
  EXPECT_EQ(formatTufTime(4102444800), "2100-01-01T00:00:00Z");
  EXPECT_EQ(formatTufTime(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(formatTufTime(951782400), "2000-02-29T00:00:00Z");
}

// The calendar other components (csaf's date checks) build on.
TEST(Clock, CalendarArithmetic) {
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(daysFromCivil(0, 1, 1), -719528);
  EXPECT_EQ(daysFromCivil(9999, 12, 31), 2932896);
  EXPECT_TRUE(isLeapYear(2000));
  EXPECT_TRUE(isLeapYear(2024));
  EXPECT_FALSE(isLeapYear(1900));
  EXPECT_FALSE(isLeapYear(2023));
  EXPECT_EQ(daysInMonth(2024, 2), 29u);
  EXPECT_EQ(daysInMonth(2100, 2), 28u);
  EXPECT_EQ(daysInMonth(2023, 4), 30u);
  EXPECT_EQ(daysInMonth(2023, 12), 31u);
}

TEST(Clock, KnownInstantsMatchTheCLibrary) {
  // Cross-check our arithmetic against timegm where time_t is 64-bit.
  if (sizeof(time_t) < 8) GTEST_SKIP() << "32-bit time_t";
  for (int year : {1970, 1999, 2000, 2024, 2038, 2100, 2400, 3000}) {
    struct tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = 6;
    tm.tm_mday = 15;
    tm.tm_hour = 13;
    tm.tm_min = 7;
    tm.tm_sec = 9;
    const std::string text = std::to_string(year) + "-07-15T13:07:09Z";
    EXPECT_EQ(parsed(text), static_cast<Seconds>(::timegm(&tm))) << text;
  }
}

TEST(Clock, LeapDaysFollowTheGregorianRules) {
  EXPECT_EQ(parsed("2000-02-29T00:00:00Z"), INT64_C(951782400));
  EXPECT_EQ(parsed("2024-02-29T12:00:00Z"), INT64_C(1709208000));
  EXPECT_FALSE(parseRfc3339("1900-02-29T00:00:00Z"));
  EXPECT_FALSE(parseRfc3339("2100-02-29T00:00:00Z"));
  EXPECT_FALSE(parseRfc3339("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parseTufTime("2100-02-29T00:00:00Z"));
  EXPECT_FALSE(parseRfc3339("2024-02-30T00:00:00Z"));
  EXPECT_FALSE(parseRfc3339("2024-04-31T00:00:00Z"));
  EXPECT_TRUE(parseRfc3339("2024-12-31T00:00:00Z"));
}

TEST(Clock, FractionsAreTruncated) {
  EXPECT_EQ(parsed("2030-01-01T00:00:00.999999999Z"), parsed("2030-01-01T00:00:00Z"));
  EXPECT_EQ(parsed("2030-01-01T00:00:00.5Z"), parsed("2030-01-01T00:00:00Z"));
  EXPECT_FALSE(parseRfc3339("2030-01-01T00:00:00.Z"));
}

TEST(Clock, OffsetsAreConvertedToUtc) {
  const Seconds noon_utc = parsed("2030-06-01T12:00:00Z");
  EXPECT_EQ(parsed("2030-06-01T14:00:00+02:00"), noon_utc);
  EXPECT_EQ(parsed("2030-06-01T12:00:00.5+02:00"), noon_utc - 7200);
  EXPECT_EQ(parsed("2030-06-01T06:30:00-05:30"), noon_utc);
  EXPECT_EQ(parsed("2030-06-01T12:00:00-00:00"), noon_utc);
  EXPECT_EQ(parsed("1970-01-01T00:00:00+01:00"), -3600);
  EXPECT_FALSE(parseRfc3339("2030-06-01T12:00:00+24:00"));
  EXPECT_FALSE(parseRfc3339("2030-06-01T12:00:00+02:60"));
  EXPECT_FALSE(parseRfc3339("2030-06-01T12:00:00+0200"));
  EXPECT_FALSE(parseRfc3339("2030-06-01T12:00:00+2:00"));
}

TEST(Clock, MalformedInputIsRefusedWithAParseError) {
  const std::vector<std::string> bad = {
      "",
      "2030-01-01t00:00:00Z",   // lower-case t
      "2030-01-01T00:00:00z",   // lower-case z
      "2030-01-01 00:00:00Z",   // space separator
      "2030-01-01T00:00:00",    // no zone
      "2030-01-01T24:00:00Z",   // 24:00
      "2030-01-01T23:60:00Z",
      "2030-01-01T23:59:60Z",   // leap second
      "2030-13-01T00:00:00Z",   // month 13
      "2030-00-01T00:00:00Z",
      "2030-01-00T00:00:00Z",
      "2030-01-32T00:00:00Z",
      "2030-01-01T00:00:00Zjunk",
      "2030-01-01T00:00:00+01:00junk",
      "2030-1-01T00:00:00Z",
      "20300-01-01T00:00:00Z",
      "+2030-01-01T00:00:00Z",
      "2030-01-01T00:00Z",
      "2030-01-01",
      "２０３０-01-01T00:00:00Z",
      std::string("2030-01-01T00:00:00\0Z", 21),
      "2030-01-01T00:00:00." + std::string(100, '1') + "Z",
  };
  for (const auto& text : bad) {
    auto r = parseRfc3339(text);
    ASSERT_FALSE(r) << "accepted: " << text;
    EXPECT_EQ(r.error().category, ErrorCategory::kParse);
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_FALSE(parseTufTime(text)) << "TUF accepted: " << text;
  }
}

TEST(Clock, TufFormIsStrict) {
  EXPECT_TRUE(parseTufTime("2030-01-01T00:00:00Z"));
  EXPECT_FALSE(parseTufTime("2030-01-01T00:00:00.0Z"));
  EXPECT_FALSE(parseTufTime("2030-01-01T00:00:00+00:00"));
  EXPECT_FALSE(parseTufTime("2030-01-01T00:00:00"));
  EXPECT_FALSE(parseTufTime("2030-01-01T00:00:00Z "));
  auto r = parseTufTime("2030-01-01T00:00:00+00:00");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().context, "2030-01-01T00:00:00+00:00");
}

TEST(Clock, FormatThenParseRoundTripsAcrossTheRange) {
  // ~1.1 million values from 0000-01-01 to 9999-12-31, with odd strides so that
  // every month, day, hour, minute and second value is hit.
  const Seconds first = INT64_C(-62167219200);  // 0000-01-01T00:00:00Z
  const Seconds last = INT64_C(253402300799);   // 9999-12-31T23:59:59Z
  ASSERT_EQ(parsed("0000-01-01T00:00:00Z"), first);
  std::int64_t count = 0;
  for (Seconds t = first; t <= last; t += INT64_C(287999) + (count % 7919)) {
    const std::string text = formatRfc3339(t);
    auto back = parseTufTime(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(*back, t) << text;
    ++count;
  }
  EXPECT_GT(count, 800000);
  EXPECT_EQ(*parseTufTime(formatRfc3339(last)), last);
}

TEST(Clock, EveryDayAroundCenturiesRoundTrips) {
  // Day by day across 1899..1901, 1999..2001, 2099..2101: month lengths and leap rules.
  for (int start_year : {1899, 1999, 2099}) {
    Seconds t = parsed(std::to_string(start_year) + "-01-01T00:00:00Z");
    for (int day = 0; day < 3 * 366; ++day, t += 86400) {
      ASSERT_EQ(*parseRfc3339(formatRfc3339(t)), t) << formatRfc3339(t);
    }
  }
}

TEST(Clock, FixedClockSaysWhatItIsTold) {
  FixedClock c(42);
  EXPECT_EQ(c.now(), 42);
  c.set(INT64_C(4102444800));
  EXPECT_EQ(c.now(), INT64_C(4102444800));
}

TEST(Clock, SystemClockIsNearTheCLibraryClock) {
  SystemClock c;
  const Seconds before = static_cast<Seconds>(::time(nullptr));
  const Seconds now = c.now();
  const Seconds after = static_cast<Seconds>(::time(nullptr));
  EXPECT_GE(now, before);
  EXPECT_LE(now, after + 1);  // time() may use the coarse clock
  EXPECT_GT(now, parsed("2020-01-01T00:00:00Z"));
}

TEST(Clock, SystemClockHonoursFaketime) {
  // faketime works through LD_PRELOAD: proves now() goes through libc.
#ifndef PSIRT_TEST_NATIVE
  GTEST_SKIP() << "faketime needs a native, dynamically linked build (LD_PRELOAD)";
#endif
  if (kSanitized) GTEST_SKIP() << "libfaketime deadlocks inside the ASan runtime's start-up";
  auto faketime = process::findExecutable("faketime");
  ASSERT_TRUE(faketime) << "faketime is not installed (scripts/setup installs it)";
  process::Options o;
  o.environment = {{"TZ", "UTC"}, {"ASAN_OPTIONS", "verify_asan_link_order=0"}};
  o.timeout = std::chrono::seconds(30);
  auto r = process::run({*faketime, "-f", "@2040-02-29 12:00:00", PSIRT_CLOCK_NOW_HELPER}, o);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->succeeded()) << r->stderr_data;
  const Seconds expected = parsed("2040-02-29T12:00:00Z");
  const Seconds got = std::stoll(r->stdout_data);
  EXPECT_GE(got, expected);
  EXPECT_LT(got, expected + 30);
}

}  // namespace
}  // namespace psirt::clock
