// psirt-publish key generate|list|export-public|import-public
// The encrypted key store (docs/formats/key-store.md). `generate` makes one
// key per --name (one passphrase, read once from --passphrase-fd, never
// printed) and prints each new key id, one line each in --name order.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include "host/publisher/cli_common.h"
#include "platform/fs/fs.h"
#include "platform/fs/output.h"

namespace psirt::publish {
namespace {

const char kHelp[] =
    "usage: psirt-publish key generate --keys KEYDIR --name NAME [--name NAME]... [--type "
    "ed25519|ecdsa|rsa]\n"
    "                                  --passphrase-fd N [--kdf-ops N] [--kdf-mem-mib N]\n"
    "       psirt-publish key list --keys KEYDIR\n"
    "       psirt-publish key export-public --keys KEYDIR --name NAME --out FILE\n"
    "       psirt-publish key import-public --keys KEYDIR FILE\n\n"
    "  generate        a new private key per --name, each encrypted (argon2id +\n"
    "                  XChaCha20-Poly1305) under the one passphrase into KEYDIR/NAME.key\n"
    "                  (mode 0600); prints the key ids, one line each in --name order.\n"
    "                  Every name is checked first: a bad, repeated or existing name\n"
    "                  generates nothing\n"
    "  list            NAME KEYID TYPE private|public, one line per key\n"
    "  export-public   NAME's public key as a NAME.pub file for another key store\n"
    "  import-public   store someone else's NAME.pub (to authorise their key in roles)\n"
    "  --type          ed25519 (default), ecdsa (P-256) or rsa (3072 bits)\n"
    "  --passphrase-fd N  read the passphrase from file descriptor N (up to newline/EOF)\n"
    "  --kdf-ops N, --kdf-mem-mib N  argon2id cost (default 3 and 64 MiB,\n"
    "                                  at most 4 and 128: a key file may ask no more)\n\n"
    "exit status: 0 success, 1 failure, 2 usage\n";

// Every name usable and new, and none twice: checked before any key is made,
// so a typo in the fifth name does not leave four keys behind.
Status checkNewNames(const KeyStore& store, const std::vector<std::string>& names) {
  std::set<std::string> seen;
  for (const std::string& n : names) {
    if (!isValidKeyName(n)) return makeError(ErrorCategory::kUsage, "not a usable key name", n);
    if (!seen.insert(n).second) return makeError(ErrorCategory::kUsage, "key name given twice", n);
    if (store.find(n)) return makeError(ErrorCategory::kUsage, "a key with this name exists already", n);
  }
  return okStatus();
}

int generate(const cli::ParsedArgs& a) {
  auto dir = a.get("keys");
  const std::vector<std::string> names = a.getAll("name");
  if (!dir || names.empty()) return usageFail("key", "generate needs --keys KEYDIR and --name NAME");
  const std::string type = a.get("type").value_or("ed25519");
  crypto::KeyType kt;
  if (type == "ed25519") {
    kt = crypto::KeyType::kEd25519;
  } else if (type == "ecdsa") {
    kt = crypto::KeyType::kEcdsaP256;
  } else if (type == "rsa") {
    kt = crypto::KeyType::kRsa;
  } else {
    return usageFail("key", "unknown --type '" + type + "' (ed25519, ecdsa or rsa)");
  }
  crypto::Argon2Params kdf;
  // Whole decimal numbers only ("3x", "" and overflow are refused), checked
  // against the caps before the MiB are shifted into bytes.
  auto number = [&](const char* option, unsigned long long fallback) -> std::optional<unsigned long long> {
    auto text = a.get(option);
    if (!text) return fallback;
    unsigned long long v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return v;
  };
  const auto ops = number("kdf-ops", kdf.ops_limit);
  const auto mib = number("kdf-mem-mib", kdf.mem_limit >> 20);
  if (!ops || !mib || *ops < 1 || *ops > kMaxKdfOps || *mib < 1 || *mib > (kMaxKdfMemBytes >> 20)) {
    return usageFail("key", "--kdf-ops must be 1.." + std::to_string(kMaxKdfOps) + " and --kdf-mem-mib 1.." +
                                std::to_string(kMaxKdfMemBytes >> 20));
  }
  kdf.ops_limit = *ops;
  kdf.mem_limit = static_cast<std::size_t>(*mib) << 20;
  KeyStore store(*dir);
  if (auto st = checkNewNames(store, names); !st) return fail("key", st.error());
  auto pass = passphraseFrom(a);
  if (!pass) return fail("key", pass.error());
  for (const std::string& name : names) {
    auto k = store.generate(name, kt, *pass, kdf);
    if (!k) return fail("key", k.error());
    std::printf("%s\n", k->key.keyid.c_str());
  }
  return kExitOk;
}

}  // namespace

int runKey(std::span<const std::string> args) {
  int exit = 0;
  auto a = parseCommand("key", args,
                        {{"keys"}, {"name", true, true}, {"type"}, {"passphrase-fd"}, {"kdf-ops"}, {"kdf-mem-mib"}, {"out"}},
                        kHelp, &exit);
  if (!a) return exit;
  const auto& pos = a->positionals();
  if (pos.empty()) return usageFail("key", "which: generate, list, export-public or import-public?");
  const std::string& sub = pos[0];
  if (sub == "generate" && pos.size() == 1) return generate(*a);
  auto dir = a->get("keys");
  if (!dir) return usageFail("key", "--keys KEYDIR is required");
  KeyStore store(*dir);
  if (sub == "list" && pos.size() == 1) {
    auto keys = store.list();
    if (!keys) return fail("key", keys.error());
    for (const auto& k : *keys) {
      std::printf("%s %s %s %s\n", k.name.c_str(), k.key.keyid.c_str(), k.key.keytype.c_str(),
                  k.has_private ? "private" : "public");
    }
    return kExitOk;
  }
  if (sub == "export-public" && pos.size() == 1) {
    auto name = a->get("name");
    auto out = a->get("out");
    if (!name || !out) return usageFail("key", "export-public needs --name NAME and --out FILE");
    const std::string protect[] = {*dir};
    if (Status st = fs::checkOutputPath(*out, protect); !st) return usageFail("key", "--out: " + st.error().describe());
    auto text = store.exportPublic(*name);
    if (!text) return fail("key", text.error());
    if (auto st = fs::writeOutputFile(*out, *text, 0644, protect); !st) return fail("key", st.error());
    return kExitOk;
  }
  if (sub == "import-public" && pos.size() == 2) {
    auto bytes = fs::readFile(pos[1], 64 * 1024);
    if (!bytes) return fail("key", bytes.error());
    auto k = store.importPublic(*bytes);
    if (!k) return fail("key", k.error().within(pos[1]));
    std::printf("%s %s\n", k->name.c_str(), k->key.keyid.c_str());
    return kExitOk;
  }
  return usageFail("key", "unknown or incomplete key command '" + sub + "'");
}

}  // namespace psirt::publish
