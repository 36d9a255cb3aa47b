// psirt-publish render FILE [--format text|html] [--out FILE] [--max-document-bytes N]
//
// Renders one CSAF 2.0 advisory in the layout of the seeds' advisory template
// (docs/formats/advisory-render.md). The document is loaded strictly
// (csaf::loadDocument): one that fails any check is refused with the loader's
// one-line error, exit 1; nothing is written then. Output goes to stdout, or
// atomically to --out FILE (mode 0644: an advisory is public).
#include <cstdio>
#include <string>

#include "agent/csaf/reader.h"
#include "host/publisher/command.h"
#include "host/publisher/csaf_limits.h"
#include "host/publisher/render/render.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::publish {
namespace {

const char kUsage[] =
    "usage: psirt-publish render FILE [--format text|html] [--out FILE] [--max-document-bytes N]\n"
    "  --format text  plain 80-column text (default)\n"
    "  --format html  one self-contained HTML5 page (inline CSS, no script)\n"
    "  --out FILE     write to FILE instead of stdout ('-': stdout), atomically; refused\n"
    "                 (exit 2) when FILE is a symlink, directory, device, FIFO or socket\n"
    "  --max-document-bytes N  refuse a document larger than N bytes (default 67108864 = 64 MiB)\n";

int usage(const std::string& message) {
  log::write("psirt-publish render", message + " (see 'psirt-publish render --help')");
  return kExitUsage;
}

}  // namespace

int runRender(std::span<const std::string> args) {
  std::string file;
  std::string out;
  std::string format = "text";
  csaf::Limits limits = publisherLimits();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      return kExitOk;
    } else if (a == "--format" || a == "--out") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      (a == "--format" ? format : out) = args[++i];
    } else if (a == "--max-document-bytes") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      const auto n = parseMaxDocumentBytes(args[++i]);
      if (!n) return usage(a + " needs a positive integer of at most 2^40");
      limits = publisherLimits(*n);
    } else if (a.rfind("--", 0) == 0) {
      return usage("unknown option " + a);
    } else if (!file.empty()) {
      return usage("only one FILE is rendered at a time");
    } else {
      file = a;
    }
  }
  if (file.empty()) return usage("no FILE given");
  if (format != "text" && format != "html") return usage("unknown --format '" + format + "' (text or html)");
  // Before anything is read: --out never replaces a device, FIFO, directory,
  // socket or symlink ('-' is standard output).
  if (!out.empty()) {
    if (Status st = fs::checkOutputPath(out); !st) return usage("--out: " + st.error().describe());
  }

  auto bytes = fs::readFile(file, limits.max_document_bytes);
  if (!bytes) {
    log::write("psirt-publish render", file + ": " + bytes.error().describe());
    return kExitFailed;
  }
  auto doc = csaf::loadDocument(*bytes, limits);
  if (!doc) {
    log::write("psirt-publish render", file + ": " + doc.error().describe());
    return kExitFailed;
  }
  const std::string text = format == "html" ? render::renderHtml(*doc) : render::renderText(*doc);
  if (auto st = fs::writeOutputFile(out.empty() ? std::string(fs::kStandardOutput) : out, text, 0644); !st) {
    log::write("psirt-publish render", st.error().describe());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace psirt::publish
