// psirt-agent hash [--algorithm sha256|sha512] FILE...
// Streams each file through the configured crypto backend and prints
// "<hex>  <file>" (sha256sum's format), so a device can be checked against
// a published digest and ARM builds are tested doing real crypto work.
#include <cstdio>

#include "agent/cli/args.h"
#include "agent/cli/exit_codes.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"
#include "platform/log/log.h"

namespace psirt::cli {

namespace {
constexpr std::uint64_t kMaxHashedFile = 1ull << 40;  // 1 TiB: effectively "any file"

void printHashHelp() {
  std::printf(
      "usage: psirt-agent hash [--algorithm sha256|sha512] FILE...\n\n"
      "Prints '<hex digest>  <file>' for each FILE (the format of sha256sum; control\n"
      "characters and bytes that are not UTF-8 in a name are shown as \\xNN).\n"
      "exit status: 0 all hashed, 1 a file could not be read or standard output\n"
      "could not be written, 2 usage\n");
}
}  // namespace

int runHash(std::span<const std::string> args) {
  auto parsed = parseArgs(args, {{"algorithm"}});
  if (!parsed) return usageError("hash", parsed.error());
  if (parsed->has("help")) { printHashHelp(); return kExitOk; }
  std::string algo = parsed->get("algorithm").value_or("sha256");
  crypto::HashAlgorithm algorithm;
  if (algo == "sha256") algorithm = crypto::HashAlgorithm::kSha256;
  else if (algo == "sha512") algorithm = crypto::HashAlgorithm::kSha512;
  else return usageError("hash", makeError(ErrorCategory::kUsage, "unknown algorithm '" + algo + "' (sha256 | sha512)"));
  if (parsed->positionals().empty()) {
    return usageError("hash", makeError(ErrorCategory::kUsage, "no FILE given"));
  }
  int status = kExitOk;
  for (const auto& path : parsed->positionals()) {
    crypto::Hasher hasher(algorithm);
    Status st = fs::readChunks(path, 1 << 16, kMaxHashedFile, [&](std::span<const std::uint8_t> chunk) {
      hasher.update(chunk);
      return okStatus();
    });
    if (!st) {
      log::write("psirt-agent hash", st.error().describe());
      status = kExitError;
      continue;
    }
    // The name as given, made printable (log::oneLine): file names are not text.
    const std::string line = crypto::toHex(hasher.finish()) + "  " + log::oneLine(path) + "\n";
    if (Status w = fs::writeStandardOutput(line); !w) {
      log::write("psirt-agent hash", w.error().describe());
      return kExitError;
    }
  }
  return status;
}

}  // namespace psirt::cli
