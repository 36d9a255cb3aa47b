// psirt-agent trust init --state DIR [--custom-root] ROOT.json
// Installs the first trusted root (docs/design.md#first-root). Release builds
// carry the SHA-256 digests of the vendor's root v1 files; any other root is
// refused unless --custom-root is given (test and private repositories).
#include <array>
#include <cstdio>
#include <string_view>

#include "agent/cli/args.h"
#include "agent/cli/exit_codes.h"
#include "agent/state/state_store.h"
#include "agent/tuf/trusted_state.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/log/log.h"

namespace psirt::cli {
namespace {

// SHA-256 (lower-case hex) of the vendor's root v1 files accepted without
// --custom-root. Empty until the vendor's root ceremony; release builds fill it.
constexpr std::array<std::string_view, 0> kVendorRootDigests{};
constexpr std::size_t kMaxRootBytes = 512u << 10;

void printTrustHelp() {
  std::printf(
      "usage: psirt-agent trust init --state DIR [--custom-root] ROOT.json\n\n"
      "Installs ROOT.json as the first trusted TUF root in DIR/metadata/root.json.\n"
      "ROOT.json must be signed by a threshold of its own root keys. Without\n"
      "--custom-root it must also be the vendor's root v1 compiled into this build.\n\n"
      "  --state DIR      agent state directory (created 0700 if missing)\n"
      "  --custom-root    accept a root that is not the vendor's (tests, private repos)\n\n"
      "exit status: 0 installed, 1 error, 2 usage, 3 root refused\n");
}

int fail(int code, const std::string& line) {
  log::write("psirt-agent trust init", line);
  return code;
}

}  // namespace

int runTrust(std::span<const std::string> args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    printTrustHelp();
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] != "init")
    return usageError("trust", makeError(ErrorCategory::kUsage, "unknown subcommand '" + args[0] + "'"));
  auto parsed = parseArgs(args.subspan(1), {{"state"}, {"custom-root", false}});
  if (!parsed) return usageError("trust init", parsed.error());
  if (parsed->has("help")) {
    printTrustHelp();
    return kExitOk;
  }
  const auto state = parsed->get("state");
  if (!state) return usageError("trust init", makeError(ErrorCategory::kUsage, "--state DIR is required"));
  if (parsed->positionals().size() != 1) {
    return usageError("trust init", makeError(ErrorCategory::kUsage, "exactly one ROOT.json expected"));
  }
  const std::string& root_path = parsed->positionals()[0];
  auto bytes = fs::readFile(root_path, kMaxRootBytes);
  if (!bytes) return fail(kExitError, bytes.error().describe());
  const std::string digest = crypto::toHex(crypto::sha256(crypto::asBytes(*bytes)));
  bool vendor = false;
  for (auto d : kVendorRootDigests) vendor = vendor || d == digest;
  if (!vendor && !parsed->has("custom-root")) {
    return fail(kExitTrust,
                root_path + ": root (sha256 " + digest +
                    ") is not the vendor root compiled into this build; pass --custom-root to trust "
                    "a test or private repository root");
  }
  // Self-signed by a threshold of its own keys; its expiry does not matter yet.
  auto trusted = tuf::TrustedState::create(*bytes, 0);
  if (!trusted) {
    const Error& e = trusted.error();
    return fail(
        e.category == ErrorCategory::kSecurity ? kExitTrust : kExitError,
        root_path + ": " + e.describe() +
            (e.security != SecurityCode::kNone ? " [" + std::string(toString(e.security)) + "]" : ""));
  }
  auto store = state::StateStore::openStateDir(*state);
  if (!store) return fail(kExitError, store.error().describe());
  auto existing = store->readRole(tuf::kRoot, kMaxRootBytes);
  if (!existing) return fail(kExitError, existing.error().describe());
  if (*existing && **existing != *bytes) {
    return fail(kExitError, store->rolePath(tuf::kRoot) +
                                ": a trusted root is already installed (remove the state "
                                "directory to start over)");
  }
  if (Status st = store->writeRole(tuf::kRoot, *bytes); !st) return fail(kExitError, st.error().describe());
  std::printf("trusted root v%lld (sha256 %s) installed in %s\n",
              static_cast<long long>(trusted->root().common.version), digest.c_str(),
              log::oneLine(store->rolePath(tuf::kRoot)).c_str());
  return kExitOk;
}

}  // namespace psirt::cli
