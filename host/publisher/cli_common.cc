#include "host/publisher/cli_common.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "platform/log/log.h"

namespace psirt::publish {

int usageFail(std::string_view cmd, const std::string& message) {
  const std::string command(cmd);
  log::write("psirt-publish " + command, message + " (see 'psirt-publish " + command + " --help')");
  return kExitUsage;
}

int fail(std::string_view cmd, const Error& e) {
  log::write("psirt-publish " + std::string(cmd), e.describe());
  return kExitFailed;
}

std::optional<cli::ParsedArgs> parseCommand(std::string_view cmd, std::span<const std::string> args,
                                            const std::vector<cli::OptionSpec>& specs, const char* help, int* exit) {
  auto parsed = cli::parseArgs(args, specs);
  if (!parsed) {
    *exit = usageFail(cmd, parsed.error().describe());
    return std::nullopt;
  }
  if (parsed->has("help")) {
    std::printf("%s", help);
    *exit = kExitOk;
    return std::nullopt;
  }
  return std::move(*parsed);
}

Result<std::string> passphraseFrom(const cli::ParsedArgs& args) {
  auto fd = args.get("passphrase-fd");
  if (!fd) return makeError(ErrorCategory::kUsage, "--passphrase-fd N is required to use private keys");
  char* end = nullptr;
  long n = std::strtol(fd->c_str(), &end, 10);
  if (fd->empty() || *end != '\0' || n < 0 || n > 65535) {
    return makeError(ErrorCategory::kUsage, "--passphrase-fd needs a file descriptor number");
  }
  return readPassphraseFd(static_cast<int>(n));
}

Result<std::vector<repo::SigningKey>> unlockNeeded(const Workspace& ws, const KeyStore& store,
                                                   const std::vector<std::string>& names, std::string_view passphrase) {
  PSIRT_ASSIGN_OR_RETURN(statuses, ws.status());
  auto needed = [&](const std::string& keyid) {
    for (const auto& r : statuses) {
      for (const auto& a : r.authorities) {
        if (std::count(a.keyids.begin(), a.keyids.end(), keyid) &&
            !std::count(a.signed_keyids.begin(), a.signed_keyids.end(), keyid)) {
          return true;
        }
      }
    }
    return false;
  };
  std::vector<StoredKey> candidates;
  if (names.empty()) {
    PSIRT_ASSIGN_OR_RETURN(all, store.list());
    candidates = std::move(all);
  } else {
    for (const std::string& n : names) {
      PSIRT_ASSIGN_OR_RETURN(k, store.find(n));
      candidates.push_back(std::move(k));
    }
  }
  std::vector<repo::SigningKey> out;
  for (const StoredKey& k : candidates) {
    if (!k.has_private || !needed(k.key.keyid)) continue;
    PSIRT_ASSIGN_OR_RETURN(key, store.unlock(k.name, passphrase));
    out.push_back(std::move(key));
  }
  if (out.empty()) {
    return makeError(ErrorCategory::kUsage, "no key in the store is needed by the staged change", store.dir());
  }
  return out;
}

int commitAndReport(std::string_view cmd, Workspace& ws) {
  auto statuses = ws.status();
  if (!statuses) return fail(cmd, statuses.error());
  auto published = ws.commit();
  if (!published) return fail(cmd, published.error());
  std::string line;
  for (const auto& r : *statuses) line += " " + r.role + " v" + std::to_string(r.version);
  if (*published) {
    std::printf("published:%s\n", line.c_str());
    return kExitOk;
  }
  std::printf("staged:%s\n", line.c_str());
  for (const auto& r : *statuses) {
    for (const auto& a : r.authorities) {
      if (!a.met()) {
        std::printf("  %s v%lld needs %lld signature(s) from %s, has %zu\n", r.role.c_str(),
                    static_cast<long long>(r.version), static_cast<long long>(a.threshold), a.label.c_str(),
                    a.signed_keyids.size());
      }
    }
  }
  return kExitOk;
}

int signAndCommit(std::string_view cmd, Workspace& ws, const cli::ParsedArgs& args) {
  if (args.has("sign")) {
    auto keys_dir = args.get("keys");
    if (!keys_dir) return usageFail(cmd, "--sign needs --keys KEYDIR");
    auto pass = passphraseFrom(args);
    if (!pass) return fail(cmd, pass.error());
    KeyStore store(*keys_dir);
    auto keys = unlockNeeded(ws, store, args.getAll("key"), *pass);
    if (!keys) return fail(cmd, keys.error());
    auto made = ws.sign(*keys);
    if (!made) return fail(cmd, made.error());
  }
  return commitAndReport(cmd, ws);
}

clock::Seconds wallNow() { return clock::SystemClock().now(); }

}  // namespace psirt::publish
