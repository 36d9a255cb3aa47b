// crypto_xcheck: signs and verifies files with the *other* crypto backend
// (mbedTLS, in the dev preset whose psirt_crypto is OpenSSL). Used only by
// crypto_xcheck_test.cc. Plain stdio, no other psirt library, so nothing
// links the OpenSSL variant.
//
//   crypto_xcheck backend
//   crypto_xcheck genkey ecdsa|rsa|ed25519 KEY_OUT.pem   (PKCS#8, written by this backend)
//   crypto_xcheck sign   ecdsa|pss KEY.pem MSG SIG_OUT [SALT|max]
//   crypto_xcheck verify ecdsa|pss KEY.pub.pem MSG SIG [SALT]   (no SALT: any salt)
// Exit: 0 signed / verified, 1 signature rejected, 2 usage or I/O error.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "platform/crypto/crypto.h"

namespace {
using psirt::crypto::Bytes;

bool readFile(const char* path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

int fail(const std::string& why) {
  std::fprintf(stderr, "crypto_xcheck: %s\n", why.c_str());
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  namespace c = psirt::crypto;
  if (argc == 2 && std::string(argv[1]) == "backend") {
    std::printf("%s\n", c::backendName().c_str());
    return 0;
  }
  if (argc == 4 && std::string(argv[1]) == "genkey") {
    const std::string alg = argv[2];
    const c::KeyType type = alg == "ecdsa" ? c::KeyType::kEcdsaP256 : alg == "rsa" ? c::KeyType::kRsa : c::KeyType::kEd25519;
    auto key = c::PrivateKey::generate(type, 2048);
    if (!key) return fail(key.error().describe());
    std::ofstream out(argv[3], std::ios::binary);
    out << key->pkcs8Pem();
    return out ? 0 : fail("cannot write key");
  }
  if (argc < 6 || argc > 7) return fail("usage: sign|verify ecdsa|pss KEY MSG SIG [SALT|max]");
  const std::string op = argv[1];
  const std::string alg = argv[2];
  std::string key_text;
  std::string msg;
  if (!readFile(argv[3], key_text) || !readFile(argv[4], msg)) return fail("cannot read key or message");
  const bool has_salt = argc == 7;
  const int salt = !has_salt ? 32 : std::string(argv[6]) == "max" ? c::kPssSaltMax : std::atoi(argv[6]);
  if (op == "sign") {
    auto key = c::PrivateKey::fromPkcs8Pem(key_text);
    if (!key) return fail(key.error().describe());
    auto sig = alg == "ecdsa" ? c::signEcdsaP256Der(*key, c::asBytes(msg)) : c::signRsaPssSha256(*key, c::asBytes(msg), salt);
    if (!sig) return fail(sig.error().describe());
    std::ofstream out(argv[5], std::ios::binary);
    out.write(reinterpret_cast<const char*>(sig->data()), static_cast<std::streamsize>(sig->size()));
    return out ? 0 : fail("cannot write signature");
  }
  if (op == "verify") {
    auto key = c::PublicKey::fromPem(key_text);
    if (!key) return fail(key.error().describe());
    std::string sig;
    if (!readFile(argv[5], sig)) return fail("cannot read signature");
    bool ok = false;
    if (alg == "ecdsa") {
      ok = c::verifyEcdsaP256Der(*key, c::asBytes(msg), c::asBytes(sig));
    } else if (has_salt) {
      ok = c::verifyRsaPssSha256WithSalt(*key, c::asBytes(msg), c::asBytes(sig), salt);
    } else {
      ok = c::verifyRsaPssSha256(*key, c::asBytes(msg), c::asBytes(sig));
    }
    return ok ? 0 : 1;
  }
  return fail("unknown operation " + op);
}
