// agent/report: the exact bytes of the report (toJson) and of its envelope
// for a report that fills every field. The format is fixed
// (docs/formats/report.md): tests/unit/report/data/*.golden.json were written
// by the writer as it was before the port to json::Value (main 9dcbeab);
// any difference is a format change, never a refactoring detail.
#include <gtest/gtest.h>


#include "agent/report/report.h"
#include "tests/support/test_paths.h"

namespace psirt::report {
namespace {

evaluate::Verdict fullVerdict(evaluate::Status status, std::string vuln) {
  evaluate::Verdict v;
  v.vulnerability = std::move(vuln);
  v.product = "pkg:deb/debian/openssl";
  v.product_ids = {"CSAFPID-0001", "CSAFPID-0002"};
  v.status = status;
  v.basis = evaluate::Basis::kRange;
  v.anchor = {"CSAFPID-0001", "known_affected", "vers:deb/<3.0.15-1"};
  v.rule = evaluate::kRuleInference;
  evaluate::InstanceVerdict i;
  i.item = "openssl 3.0.11-1 (amd64)";
  i.installed_version = "3.0.11-1";
  i.status = status;
  i.basis = evaluate::Basis::kRange;
  i.anchor = v.anchor;
  i.rule = evaluate::kRuleInference;
  v.instances.push_back(i);
  i.item = "libssl3 3.0.11-1 (amd64)";
  i.status = evaluate::Status::kUnknown;
  i.basis = evaluate::Basis::kUndecidable;
  i.reason = "version \"3.0.11-1~\xff\" is not a Debian version";
  v.instances.push_back(i);
  v.scores.base = 75;
  v.scores.base_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
  v.scores.avss = 61;
  v.scores.avss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:P";
  v.scores.band = "High";
  v.remediations.push_back({"vendor_fix", "Upgrade to 3.0.15-1", "https://example.com/fix"});
  v.remediations.push_back({"workaround", "Disable \"legacy\" renegotiation\n(see \\docs)", ""});
  return v;
}

Report fullReport() {
  Report r;
  r.agent_version = "psirt-agent 0.1.0";
  r.generated_at = 1767225600;
  r.device = {"edge-01", std::string(64, 'c')};
  r.scan.image = true;
  r.scan.sysroot = "/mnt/image";
  r.scan.os_id = "debian";
  r.scan.os_version = "12";
  r.scan.os_pretty_name = "Debian GNU/Linux 12 (bookworm)";
  r.trust.source = "bundle";
  r.trust.set_sequence = 4;
  r.trust.root_version = 2;
  r.trust.timestamp_version = 40;
  r.trust.snapshot_version = 39;
  r.trust.targets_version = 12;
  r.trust.issued = 1767222000;
  r.trust.expires = 1798761600;
  r.trust.time_floor = 1767220000;
  r.trust.stale = true;
  r.trust.stale_reason = "fetch: timeout";
  r.inventory.digest = std::string(64, 'd');
  r.inventory.items = 1234;
  r.inventory.ecosystems = {{"dpkg", 1230, false}, {"vendor", 4, true}};
  r.inventory.warnings = {"etc/psirt/product-manifest.json: /partitions/1: needs \"name\"", "bad \xc3\x28 bytes"};
  AdvisoryResult a;
  a.target = "advisories/oxe-2026-001.json";
  a.tracking_id = "OXE-2026-001";
  a.version = "2";
  a.status = "final";
  a.title = "OpenSSL \u00e9 <issues> & more";
  a.edition = "Ed.02";
  a.current_release_date = "2026-01-02T03:04:05Z";
  a.verdicts.push_back(fullVerdict(evaluate::Status::kAffected, "CVE-2026-0001"));
  evaluate::Verdict fixed = fullVerdict(evaluate::Status::kFixed, "CVE-2026-0002");
  fixed.scores = {};
  fixed.remediations.clear();
  a.verdicts.push_back(fixed);
  evaluate::Verdict gone;
  gone.vulnerability = "CVE-2026-0003";
  a.verdicts.push_back(gone);
  a.verdicts.push_back(gone);
  gone.vulnerability = "CVE-2026-0004";
  a.verdicts.push_back(gone);
  a.document_errors = {"/document/notes/0: missing member 'category'"};
  r.advisories.push_back(a);
  AdvisoryResult empty;
  empty.target = "advisories/empty.json";
  r.advisories.push_back(empty);
  r.withdrawn = {"advisories/old.json"};
  r.missing_artifacts = {"advisories/missing.json"};
  r.refused = {{"advisories/bad.json", "not CSAF: /document: missing member 'tracking'"}};
  return r;
}

std::string golden(const std::string& name) {
  return test::readTextFile(test::sourcePath("tests/unit/report/data/" + name));
}

TEST(ReportBytes, ToJsonIsByteIdenticalToTheGolden) { EXPECT_EQ(toJson(fullReport()), golden("report.golden.json")); }

TEST(ReportBytes, EnvelopeIsByteIdenticalToTheGolden) {
  auto e = makeUnsignedEnvelope(fullReport(), 5, std::string(64, 'e'));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->text, golden("envelope.golden.json"));
  auto empty = makeUnsignedEnvelope(Report{}, 1, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->text, golden("envelope-empty.golden.json"));
}

}  // namespace
}  // namespace psirt::report
