// psirt-publish validate [--json] [--max-document-bytes N] FILE|DIR...
//
// Checks every CSAF 2.0 document given (a directory: every *.json directly in
// it, as `add` reads it; csaf_inputs.h): strict bounded JSON, the CSAF JSON
// Schema (strict form) and the mandatory tests of agent/csaf, plus the
// publisher's own rules (docs/formats/csaf.md): a `draft` document and a TLP
// other than WHITE/CLEAR are refused ("publish" test id). Text output: one
// "FILE: ok" line per good document, one "FILE: POINTER [TEST] MESSAGE" line per
// failure. --json prints one JSON object for machine comparison. Exit 1 if any
// document failed, 2 on usage errors. One bad document never hides the others.
#include <cstdio>
#include <string>
#include <vector>

#include "agent/csaf/reader.h"
#include "agent/json/value.h"
#include "host/publisher/command.h"
#include "host/publisher/csaf_inputs.h"
#include "host/publisher/csaf_limits.h"
#include "platform/log/log.h"

namespace psirt::publish {
namespace {

const char kUsage[] =
    "usage: psirt-publish validate [--json] [--max-document-bytes N] [--no-publish-rules] FILE|DIR...\n"
    "  Checks each CSAF 2.0 document (a DIR: every *.json directly in it) and reports\n"
    "  every finding of every document: \"FILE: ok\" or \"FILE: POINTER [TEST] MESSAGE\" lines.\n"
    "  --json         one JSON object on stdout: {\"tests\":[...],\"documents\":[{\"file\",\"ok\",\"findings\"}]}\n"
    "  --max-document-bytes N  per-document size cap in bytes (default 67108864 = 64 MiB);\n"
    "                 a larger document is refused as [limit]. --max-bytes N is the old name\n"
    "  --no-publish-rules  skip the publisher rules (draft status, TLP); CSAF checks only\n";

struct Options {
  bool json = false;
  CheckOptions check;
  std::vector<std::string> paths;
};

int usage(const std::string& message) {
  log::write("psirt-publish validate", message);
  std::fputs(kUsage, stderr);  // usage text: output, not a diagnostic
  return kExitUsage;
}

}  // namespace

int runValidate(std::span<const std::string> args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      return kExitOk;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--no-publish-rules") {
      o.check.publish_rules = false;
    } else if (a == "--max-document-bytes" || a == "--max-bytes") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      const auto n = parseMaxDocumentBytes(args[++i]);
      if (!n) return usage(a + " needs a positive integer of at most 2^40");
      o.check.limits = publisherLimits(*n);
    } else if (a.rfind("--", 0) == 0) {
      return usage("unknown option " + a);
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) return usage("no FILE given");
  const std::vector<std::string> files = expandCsafPaths(o.paths);
  if (files.empty()) return usage("no *.json document in the directories given");

  bool all_ok = true;
  json::Value tests = json::Value::array();
  for (const std::string& t : csaf::implementedTests()) tests.push(t);
  json::Value report = json::Value::object({{"tests", std::move(tests)}, {"documents", json::Value::array()}});
  for (const std::string& file : files) {
    const std::vector<csaf::Finding> findings = checkDocument(file, o.check).findings;
    all_ok = all_ok && findings.empty();
    if (o.json) {
      json::Value list = json::Value::array();
      for (const auto& f : findings) {
        list.push(json::Value::object({{"test", f.test}, {"pointer", f.pointer}, {"message", f.message}}));
      }
      report.member("documents").push(
          json::Value::object({{"file", file}, {"ok", findings.empty()}, {"findings", std::move(list)}}));
    } else if (findings.empty()) {
      std::printf("%s: ok\n", log::oneLine(file).c_str());
    } else {
      // Findings quote the document: one printable line each (log::oneLine).
      for (const auto& f : findings) std::printf("%s\n", log::oneLine(file + ": " + f.describe()).c_str());
    }
  }
  if (o.json) std::printf("%s\n", report.dump(1).c_str());  // invalid UTF-8 replaced
  return all_ok ? kExitOk : kExitFailed;
}

}  // namespace psirt::publish
