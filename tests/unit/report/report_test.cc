// agent/report: the envelope's canonical bytes and chain fields, the table
// (worst first, hostile text neutralised), --fail-on, invalid UTF-8.
#include "agent/report/report.h"

#include <gtest/gtest.h>

#include <string>

#include "agent/json/json.h"
#include "platform/crypto/crypto.h"
#include "tests/support/json_at.h"

namespace psirt::report {
namespace {

evaluate::Verdict verdict(evaluate::Status status, std::string band, std::optional<int> base, std::string vuln) {
  evaluate::Verdict v;
  v.vulnerability = std::move(vuln);
  v.product = "pkg:deb/debian/openssl";
  v.status = status;
  v.basis = evaluate::Basis::kRange;
  v.scores.band = std::move(band);
  v.scores.base = base;
  return v;
}

Report sample() {
  Report r;
  r.agent_version = "psirt-agent test";
  r.scan.sysroot = "/";
  r.trust.source = "store";
  AdvisoryResult a;
  a.target = "advisories/a.json";
  a.tracking_id = "SA-1";
  a.version = "1";
  a.status = "final";
  a.edition = "Ed.01";
  a.verdicts.push_back(verdict(evaluate::Status::kFixed, "Critical", 98, "CVE-2026-0003"));
  a.verdicts.push_back(verdict(evaluate::Status::kAffected, "Medium", 53, "CVE-2026-0002"));
  a.verdicts.push_back(verdict(evaluate::Status::kAffected, "High", 75, "CVE-2026-0001"));
  a.verdicts.push_back(verdict(evaluate::Status::kNotInstalled, "unscored", std::nullopt, "CVE-2026-0004"));
  r.advisories.push_back(a);
  return r;
}

TEST(Report, EnvelopeHashesItsCanonicalSignedBytesAndCarriesTheChain) {
  auto e = makeUnsignedEnvelope(sample(), 7, std::string(64, 'a'));
  ASSERT_TRUE(e);
  auto parsed = json::Document::parse(e->text);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  const json::View doc = parsed->root();
  auto at = [&doc](std::string_view pointer) { return test::jsonAt(doc, pointer); };
  EXPECT_EQ(at("/format").value().asString(), "psirt-agent-envelope/1");
  EXPECT_EQ(at("/signed/sequence").value().asInteger(), 7);
  EXPECT_EQ(at("/signed/previous").value().asString(), std::string(64, 'a'));
  EXPECT_TRUE(at("/unsigned").value().asBool());
  EXPECT_TRUE(at("/signatures").value().isArray());
  EXPECT_TRUE(at("/signatures").value().empty());
  // Canonical bytes: compact, keys sorted by bytes, no spaces.
  const std::string canon = at("/signed").value().dump();
  EXPECT_EQ(e->signed_sha256, crypto::toHex(crypto::sha256(crypto::asBytes(canon))));
  EXPECT_EQ(at("/signed_sha256").value().asString(), e->signed_sha256);
  EXPECT_EQ(at("/signed/report/advisories/0/verdicts/2/scores/base").value().asNumber(), 7.5);
  EXPECT_EQ(at("/signed/report/advisories/0/verdicts/2/band").value().asString(), "high");
  // not_installed verdicts are counted per advisory, not listed.
  EXPECT_EQ(at("/signed/report/advisories/0/verdicts").value().size(), 3u);
  EXPECT_EQ(at("/signed/report/advisories/0/not_installed").value().asInteger(), 1);
  EXPECT_EQ(at("/signed/report/totals/by_status/not_installed").value().asInteger(), 1);
  // A different report: a different hash (the chain detects rewrites).
  Report other = sample();
  other.advisories[0].verdicts[1].status = evaluate::Status::kFixed;
  EXPECT_NE(makeUnsignedEnvelope(other, 7, std::string(64, 'a'))->signed_sha256, e->signed_sha256);
}

TEST(Report, TotalsCountAffectedVerdictsByBand) {
  const Totals t = totals(sample());
  EXPECT_EQ(t.verdicts, 4);
  EXPECT_EQ(t.affected, 2);
  EXPECT_EQ(t.by_band[kBandHigh], 1);
  EXPECT_EQ(t.by_band[kBandMedium], 1);
  EXPECT_EQ(t.fixed, 1);
  EXPECT_EQ(t.not_installed, 1);
}

TEST(Report, TableListsTheWorstFirstAndLeavesNotInstalledOut) {
  const std::string table = toTable(sample(), "/tmp/r.json");
  const auto high = table.find("CVE-2026-0001"), medium = table.find("CVE-2026-0002"),
             fixed = table.find("CVE-2026-0003");
  ASSERT_NE(high, std::string::npos);
  ASSERT_NE(medium, std::string::npos);
  ASSERT_NE(fixed, std::string::npos);
  EXPECT_LT(high, medium);
  EXPECT_LT(medium, fixed);  // fixed (Critical band) after every affected row
  EXPECT_EQ(table.find("CVE-2026-0004"), std::string::npos);
  EXPECT_NE(table.find("report: /tmp/r.json"), std::string::npos);
}

TEST(Report, HostileTextCannotDriveTheTerminalOrForgeRows) {
  Report r = sample();
  r.advisories[0].tracking_id = "SA-\x1b[2J\nforged row";
  r.advisories[0].verdicts[2].remediations.push_back({"vendor_fix", "upgrade\r\n\xc2\x9b" "31m", ""});
  const std::string table = toTable(r, "");
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\r'), std::string::npos);
  EXPECT_EQ(table.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(table.find("\nforged row"), std::string::npos);
}

TEST(Report, FailOnBands) {
  const Report r = sample();
  EXPECT_TRUE(reachesFailOn(r, "high", true));
  EXPECT_TRUE(reachesFailOn(r, "medium", true));
  EXPECT_FALSE(reachesFailOn(r, "critical", true));  // the Critical one is fixed
  Report unscored = sample();
  unscored.advisories[0].verdicts.push_back(verdict(evaluate::Status::kAffected, "unscored", std::nullopt, "CVE-X"));
  EXPECT_TRUE(reachesFailOn(unscored, "critical", false));  // severity unknown counts
  Report unknown = sample();
  unknown.advisories[0].verdicts = {verdict(evaluate::Status::kUnknown, "Low", 20, "CVE-U")};
  EXPECT_TRUE(reachesFailOn(unknown, "critical", true));
  EXPECT_FALSE(reachesFailOn(unknown, "critical", false));
  EXPECT_EQ(bandRank("CRITICAL"), 0);
  EXPECT_EQ(bandRank("severe"), -1);
}

TEST(Report, InvalidUtf8FromAScannedSystemIsReplacedNotFatal) {
  Report r = sample();
  r.inventory.warnings.push_back("var/lib/dpkg/status:3: bad \xff\xfe bytes");
  const std::string text = toJson(r);
  const auto parsed = json::Document::parse(text);
  EXPECT_TRUE(parsed) << parsed.error().describe();
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD
}

}  // namespace
}  // namespace psirt::report
