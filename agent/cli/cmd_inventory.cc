// psirt-agent inventory [--sysroot DIR] [--format table|json|cyclonedx]
// Lists what is installed in DIR (default "/"): packages (dpkg, rpm, opkg,
// apk), the OS, kernels, the vendor product manifest and vendor SBOMs. Warnings
// (file:line: message) go to stderr, the inventory to stdout; an ecosystem that
// could not be read completely is reported partial in every format.
#include <cstdio>

#include "agent/cli/args.h"
#include "agent/cli/command_error.h"
#include "agent/cli/exit_codes.h"
#include "agent/inventory/inventory.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {

namespace {
void printInventoryHelp() {
  std::printf(
      "usage: psirt-agent inventory [--sysroot DIR] [--format table|json|cyclonedx]\n\n"
      "Lists installed software relative to DIR (default /): dpkg, rpm (through this host's\n"
      "rpm), opkg and apk databases, os-release, kernels, the vendor product manifest\n"
      "(etc/psirt/product-manifest.json) and vendor SBOMs (etc/psirt/sbom/*.json).\n"
      "  --format table      aligned columns for people (default)\n"
      "  --format json       psirt-inventory v1 (docs/formats/inventory.md)\n"
      "  --format cyclonedx  CycloneDX 1.5 JSON\n"
      "Warnings go to stderr as 'file:line: message'; a damaged database marks its\n"
      "ecosystem partial (\"complete\": false in JSON).\n"
      "Names, versions and purls are shown in the table with control characters and\n"
      "bytes that are not UTF-8 as \\xNN (C1 and bidirectional controls as \\uXXXX).\n"
      "A root without any package database, product manifest or SBOM is reported\n"
      "incomplete (its package ecosystems partial), never as an empty complete system.\n"
      "exit status: 0 inventory written (possibly partial), 1 DIR missing, not a\n"
      "directory or unreadable, or stdout write failed, 2 usage\n");
}
}  // namespace

int runInventory(std::span<const std::string> args) {
  auto parsed = parseArgs(args, {{"sysroot"}, {"format"}});
  if (!parsed) return usageError("inventory", parsed.error());
  if (parsed->has("help")) { printInventoryHelp(); return kExitOk; }
  if (!parsed->positionals().empty()) {
    return usageError("inventory", makeError(ErrorCategory::kUsage, "unexpected argument '" + parsed->positionals()[0] + "'"));
  }
  std::string format = parsed->get("format").value_or("table");
  if (format != "table" && format != "json" && format != "cyclonedx") {
    return usageError("inventory", makeError(ErrorCategory::kUsage, "unknown format '" + format + "' (table | json | cyclonedx)"));
  }
  inventory::InventoryOptions options;
  options.sysroot = parsed->get("sysroot").value_or("/");
  if (options.sysroot.empty()) {
    return usageError("inventory", makeError(ErrorCategory::kUsage, "--sysroot must not be empty"));
  }
  if (Status root = inventory::checkSysroot(options.sysroot); !root) return commandError("inventory", root.error());
  inventory::Inventory inv = inventory::collectInventory(options);
  for (const auto& w : inv.warnings) log::warning("psirt-agent inventory", w.describe());
  // Streamed: the output is formatted one item at a time, never held whole.
  // The first failed write stops the writer; it is reported once, the
  // hostile-operator way ("stdout: No space left on device", exit 1).
  Status failed = okStatus();
  inventory::OutputSink sink = [&failed](std::string_view piece) {
    if (Status st = fs::writeStandardOutput(piece); !st) {
      failed = std::move(st);
      return false;
    }
    return true;
  };
  bool written = format == "json"        ? inventory::writeJson(inv, sink)
                 : format == "cyclonedx" ? inventory::writeCycloneDx(inv, sink)
                                         : inventory::writeTable(inv, sink);
  if (written) failed = fs::flushStandardOutput();
  if (!failed) {
    log::write("psirt-agent inventory", failed.error().describe());
    return kExitError;
  }
  return kExitOk;  // main() closes stdout and reports a late failure
}

}  // namespace psirt::cli
