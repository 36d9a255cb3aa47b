#include "host/publisher/keystore/key_store.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#include "agent/json/json.h"
#include "platform/fs/fs.h"

namespace psirt::publish {
namespace {

constexpr const char* kPrivateFormat = "psirt-publish-key-1";
constexpr const char* kPublicFormat = "psirt-publish-public-key-1";
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

std::string kdfCaps() {
  return std::to_string(kMaxKdfOps) + " ops / " + std::to_string(kMaxKdfMemBytes >> 20) + " MiB";
}

Error corrupt(const std::string& path, const std::string& what) {
  return makeError(ErrorCategory::kParse, "corrupt key file: " + what, path);
}

// A string member, or "" when absent or of another type (the callers then
// refuse the empty value with their own message).
std::string str(const json::View& j, const char* field) { return std::string(j.getString(field).value_or({})); }

// The public fields of a key file, with the key id checked against them.
Result<StoredKey> publicPart(const json::View& j, const std::string& path) {
  StoredKey k;
  k.name = str(j, "name");
  auto info = repo::PublicKeyInfo::make(str(j, "keytype"), str(j, "scheme"), str(j, "public"));
  if (!isValidKeyName(k.name)) return corrupt(path, "bad or missing name");
  if (!info || info->public_value.empty()) return corrupt(path, "bad public key fields");
  if (info->keyid != str(j, "keyid")) return corrupt(path, "keyid does not match the public key");
  k.key = *info;
  return k;
}

// A non-negative integer member (nullopt when absent, negative or not an integer).
std::optional<std::uint64_t> unsignedField(const json::View& j, const char* field) {
  auto v = j.find(field);
  if (!v) return std::nullopt;
  auto n = v->unsignedInteger();
  return n ? std::optional<std::uint64_t>(*n) : std::nullopt;
}

json::Value publicJson(const StoredKey& k, const char* format) {
  return json::Value::object({{"format", format},
                              {"name", k.name},
                              {"keytype", k.key.keytype},
                              {"scheme", k.key.scheme},
                              {"public", k.key.public_value},
                              {"keyid", k.key.keyid}});
}

// A key file's JSON object (strict parse: a duplicate key or trailing bytes
// make the file corrupt, as any other damage does).
Result<json::Document> parseObject(std::string_view bytes) {
  json::ParseOptions options;
  options.max_bytes = kMaxKeyFileBytes;
  auto doc = json::Document::parse(bytes, options);
  if (!doc) return makeError(ErrorCategory::kParse, "not a JSON object (" + doc.error().describe() + ")");
  if (!doc->root().isObject()) return makeError(ErrorCategory::kParse, "not a JSON object");
  return doc;
}

Result<json::Document> readJson(const std::string& path) {
  PSIRT_ASSIGN_OR_RETURN(bytes, fs::readFile(path, kMaxKeyFileBytes));
  auto doc = parseObject(bytes);
  if (!doc) return corrupt(path, doc.error().describe());
  return doc;
}

// Associated data: the canonical public part and KDF parameters, so that no
// field of the file can be swapped without the AEAD failing.
Result<std::string> associatedData(const json::View& file) {
  json::Value aad = json::Value::copyOf(file);
  aad.erase("cipher");
  return aad.canonical();
}

}  // namespace

Result<std::string> readPassphraseFd(int fd) {
  std::string out;
  char c = 0;
  while (out.size() <= 4096) {
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return makeError(ErrorCategory::kIo, std::string("cannot read the passphrase: ") + std::strerror(errno),
                       "--passphrase-fd " + std::to_string(fd));
    }
    if (n == 0 || c == '\n') break;
    out += c;
  }
  if (out.size() > 4096) return makeError(ErrorCategory::kLimit, "passphrase longer than 4096 bytes");
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (out.empty()) return makeError(ErrorCategory::kUsage, "empty passphrase", "--passphrase-fd " + std::to_string(fd));
  return out;
}

bool isValidKeyName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string KeyStore::pathOf(const std::string& name, bool priv) const {
  return fs::joinPath(dir_, name + (priv ? ".key" : ".pub"));
}

Result<StoredKey> KeyStore::generate(const std::string& name, crypto::KeyType type, std::string_view passphrase,
                                     const crypto::Argon2Params& kdf) {
  if (!isValidKeyName(name)) return makeError(ErrorCategory::kUsage, "bad key name (1..64 of A-Za-z0-9._-)", name);
  if (find(name)) return makeError(ErrorCategory::kUsage, "a key with this name exists already", pathOf(name, true));
  if (kdf.ops_limit > kMaxKdfOps || kdf.mem_limit > kMaxKdfMemBytes)
    return makeError(ErrorCategory::kUsage, "kdf limits beyond " + kdfCaps(), name);
  PSIRT_ASSIGN_OR_RETURN(priv, crypto::PrivateKey::generate(type));
  crypto::Bytes der = priv.pkcs8Der();
  PSIRT_ASSIGN_OR_RETURN(signing, repo::SigningKey::fromPrivateKey(priv));
  StoredKey k{name, signing.publicInfo(), true};
  const crypto::Bytes salt = crypto::randomBytes(16);
  const crypto::Bytes nonce = crypto::randomBytes(crypto::kAeadNonceBytes);
  json::Value file = publicJson(k, kPrivateFormat);
  file.set("kdf", json::Value::object({{"algorithm", "argon2id"},
                                       {"salt", crypto::toHex(salt)},
                                       {"ops_limit", kdf.ops_limit},
                                       {"mem_limit", kdf.mem_limit}}));
  PSIRT_ASSIGN_OR_RETURN(aad, associatedData(file.view()));
  auto wrap = crypto::argon2id(passphrase, salt, crypto::kAeadKeyBytes, kdf);
  if (!wrap) {
    std::fill(der.begin(), der.end(), 0);
    return wrap.error();
  }
  auto sealed = crypto::aeadSeal(*wrap, nonce, der, crypto::asBytes(aad));
  std::fill(der.begin(), der.end(), 0);
  std::fill(wrap->begin(), wrap->end(), 0);
  if (!sealed) return sealed.error();
  file.set("cipher", json::Value::object({{"algorithm", "xchacha20poly1305-ietf"},
                                          {"nonce", crypto::toHex(nonce)},
                                          {"ciphertext", crypto::toHex(*sealed)}}));
  PSIRT_TRY(fs::makeDirectories(dir_, 0700));
  PSIRT_TRY(fs::writeFileAtomic(pathOf(name, true), file.dump(1) + "\n", 0600));
  return k;
}

Result<StoredKey> KeyStore::find(const std::string& name) const {
  if (!isValidKeyName(name)) return makeError(ErrorCategory::kUsage, "bad key name", name);
  for (bool priv : {true, false}) {
    const std::string path = pathOf(name, priv);
    PSIRT_ASSIGN_OR_RETURN(present, fs::exists(path));
    if (!present) continue;
    PSIRT_ASSIGN_OR_RETURN(doc, readJson(path));
    const json::View j = doc.root();
    if (str(j, "format") != (priv ? kPrivateFormat : kPublicFormat)) return corrupt(path, "unknown format");
    PSIRT_ASSIGN_OR_RETURN(k, publicPart(j, path));
    if (k.name != name) return corrupt(path, "name inside is '" + k.name + "'");
    k.has_private = priv;
    return k;
  }
  return makeError(ErrorCategory::kUsage, "no key named '" + name + "' in the key store", dir_);
}

Result<std::vector<StoredKey>> KeyStore::list() const {
  PSIRT_ASSIGN_OR_RETURN(entries, fs::listDirectory(dir_));
  std::vector<StoredKey> out;
  for (const auto& e : entries) {
    const std::string& n = e.name;
    const bool key = n.size() > 4 && n.compare(n.size() - 4, 4, ".key") == 0;
    const bool pub = n.size() > 4 && n.compare(n.size() - 4, 4, ".pub") == 0;
    if (!e.is_regular || (!key && !pub)) continue;
    const std::string name = n.substr(0, n.size() - 4);
    if (pub && fs::exists(pathOf(name, true)).value_or(false)) continue;  // the private file wins
    PSIRT_ASSIGN_OR_RETURN(k, find(name));
    out.push_back(std::move(k));
  }
  return out;
}

Result<repo::SigningKey> KeyStore::unlock(const std::string& name, std::string_view passphrase) const {
  PSIRT_ASSIGN_OR_RETURN(k, find(name));
  const std::string path = pathOf(name, true);
  if (!k.has_private) return makeError(ErrorCategory::kUsage, "only the public key of '" + name + "' is here", dir_);
  PSIRT_ASSIGN_OR_RETURN(doc, readJson(path));
  const json::View file = doc.root();
  const auto kdf = file.find("kdf");
  const auto cipher = file.find("cipher");
  if (!kdf || !cipher || str(*kdf, "algorithm") != "argon2id" ||
      str(*cipher, "algorithm") != "xchacha20poly1305-ietf") {
    return corrupt(path, "unknown kdf or cipher algorithm");
  }
  const auto ops = unsignedField(*kdf, "ops_limit");
  const auto mem = unsignedField(*kdf, "mem_limit");
  if (!ops || !mem) return corrupt(path, "kdf limits missing");
  // Checked before any work: the KDF's cost is paid before a wrong passphrase shows.
  if (*ops > kMaxKdfOps || *mem > kMaxKdfMemBytes) {
    return corrupt(path, "kdf limits " + std::to_string(*ops) + " ops / " + std::to_string(*mem) +
                             " bytes beyond the accepted " + kdfCaps());
  }
  crypto::Argon2Params params;
  params.ops_limit = *ops;
  params.mem_limit = static_cast<std::size_t>(*mem);
  auto salt = crypto::fromHex(str(*kdf, "salt"));
  auto nonce = crypto::fromHex(str(*cipher, "nonce"));
  auto sealed = crypto::fromHex(str(*cipher, "ciphertext"));
  if (!salt || salt->size() != 16 || !nonce || nonce->size() != crypto::kAeadNonceBytes || !sealed) {
    return corrupt(path, "bad salt, nonce or ciphertext");
  }
  PSIRT_ASSIGN_OR_RETURN(aad, associatedData(file));
  auto wrap = crypto::argon2id(passphrase, *salt, crypto::kAeadKeyBytes, params);
  if (!wrap) return wrap.error().within(path);
  auto der = crypto::aeadOpen(*wrap, *nonce, *sealed, crypto::asBytes(aad));
  std::fill(wrap->begin(), wrap->end(), 0);
  if (!der) return securityError(SecurityCode::kBadSignature, "wrong passphrase (or the key file was altered)", path);
  auto priv = crypto::PrivateKey::fromPkcs8Der(*der);
  std::fill(der->begin(), der->end(), 0);
  if (!priv) return corrupt(path, "encrypted content is not a PKCS#8 key");
  PSIRT_ASSIGN_OR_RETURN(signing, repo::SigningKey::fromPrivateKey(*priv));
  if (signing.keyid() != k.key.keyid) return corrupt(path, "private key does not match the public part");
  return signing;
}

Result<std::string> KeyStore::exportPublic(const std::string& name) const {
  PSIRT_ASSIGN_OR_RETURN(k, find(name));
  return publicJson(k, kPublicFormat).dump(1) + "\n";
}

Result<StoredKey> KeyStore::importPublic(std::string_view content) {
  if (content.size() > kMaxKeyFileBytes) return makeError(ErrorCategory::kLimit, "public key file too large");
  auto doc = parseObject(content);
  if (!doc || str(doc->root(), "format") != kPublicFormat) {
    return makeError(ErrorCategory::kParse, std::string("not a ") + kPublicFormat + " file");
  }
  PSIRT_ASSIGN_OR_RETURN(k, publicPart(doc->root(), "public key file"));
  if (find(k.name)) return makeError(ErrorCategory::kUsage, "a key with this name exists already", pathOf(k.name, false));
  PSIRT_TRY(fs::makeDirectories(dir_, 0700));
  PSIRT_TRY(fs::writeFileAtomic(pathOf(k.name, false), publicJson(k, kPublicFormat).dump(1) + "\n", 0644));
  return k;
}

}  // namespace psirt::publish
