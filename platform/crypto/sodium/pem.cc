// PEM armour shared by both backends, so that every key type (including
// Ed25519, which mbedTLS 2.28 does not know) is read the same way.
#include <sodium.h>

#include <algorithm>
#include <iterator>

#include "platform/crypto/detail/key_common.h"

namespace psirt::crypto::detail {

namespace {
constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kWhitespace);
  return s.substr(first, last - first + 1);
}
}  // namespace

bool containsEd25519Oid(ByteView der) {
  return std::search(der.begin(), der.end(), kEd25519Oid.begin(), kEd25519Oid.end()) != der.end();
}

namespace {
template <std::size_t N>
bool containsIn(ByteView data, std::size_t window, const std::uint8_t (&needle)[N]) {
  const ByteView head = data.first(std::min(data.size(), window));
  return std::search(head.begin(), head.end(), std::begin(needle), std::end(needle)) != head.end();
}
}  // namespace

Status precheckSpkiAlgorithm(ByteView spki) {
  static constexpr std::uint8_t kEcPublicKeyOid[] = {0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
  static constexpr std::uint8_t kPrime256v1Oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  static constexpr std::uint8_t kRsaPssOid[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
  // The AlgorithmIdentifier sits in the first ~30 bytes of any SPKI.
  constexpr std::size_t kWindow = 32;
  if (containsIn(spki, kWindow, kEcPublicKeyOid)) {
    if (!containsIn(spki, kWindow, kPrime256v1Oid)) {
      return makeError(ErrorCategory::kUnsupported, "EC key is not on named curve P-256 (other curves and explicit parameters are refused)");
    }
    if (spki.size() != kP256SpkiSize || !startsWith(spki, kP256SpkiPrefix)) {
      return makeError(ErrorCategory::kParse, "EC P-256 public key must be 91 bytes with an uncompressed point");
    }
  }
  if (containsIn(spki, kWindow, kRsaPssOid)) {
    return makeError(ErrorCategory::kUnsupported, "RSA-PSS-restricted key (id-RSASSA-PSS); use rsaEncryption");
  }
  return okStatus();
}

Result<Bytes> pemDecode(std::string_view pem, std::string_view label) {
  if (pem.size() > 4 * kMaxKeyBytes) {
    return makeError(ErrorCategory::kLimit, "PEM text larger than " + std::to_string(4 * kMaxKeyBytes) + " bytes");
  }
  const std::string_view text = trim(pem);
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  if (text.substr(0, kBegin.size()) != kBegin) {
    return makeError(ErrorCategory::kParse, "not PEM: expected \"-----BEGIN " + std::string(label) + "-----\"");
  }
  const auto label_end = text.find(kDashes, kBegin.size());
  if (label_end == std::string_view::npos) return makeError(ErrorCategory::kParse, "PEM BEGIN line is not terminated");
  const std::string_view found = text.substr(kBegin.size(), label_end - kBegin.size());
  if (found != label) {
    return makeError(ErrorCategory::kParse, "PEM label is \"" + std::string(found.substr(0, 40)) + "\", expected \"" +
                                                std::string(label) + "\"");
  }
  const std::string end_line = "-----END " + std::string(label) + "-----";
  const std::size_t body_start = label_end + kDashes.size();
  const auto end_pos = text.find(end_line, body_start);
  if (end_pos == std::string_view::npos) return makeError(ErrorCategory::kParse, "PEM has no \"" + end_line + "\" line");
  if (end_pos + end_line.size() != text.size()) {
    return makeError(ErrorCategory::kParse, "PEM has data after \"" + end_line + "\"");
  }
  const std::string_view body = text.substr(body_start, end_pos - body_start);
  if (body.find(':') != std::string_view::npos) {
    return makeError(ErrorCategory::kParse, "PEM headers (encrypted keys) are not supported");
  }
  Bytes der(body.size() / 4 * 3 + 3);
  std::size_t len = 0;
  const char* b64_end = nullptr;
  if (sodium_base642bin(der.data(), der.size(), body.data(), body.size(), " \t\r\n", &len, &b64_end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      b64_end != body.data() + body.size()) {
    return makeError(ErrorCategory::kParse, "PEM body is not valid base64");
  }
  if (len == 0) return makeError(ErrorCategory::kParse, "PEM body is empty");
  der.resize(len);
  return der;
}

std::string pemEncode(ByteView der, std::string_view label) {
  std::string b64(sodium_base64_ENCODED_LEN(der.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), der.data(), der.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out.append(b64, i, 64);
    out.push_back('\n');
  }
  out += "-----END " + std::string(label) + "-----\n";
  sodium_memzero(b64.data(), b64.size());  // may encode a private key
  return out;
}

}  // namespace psirt::crypto::detail
