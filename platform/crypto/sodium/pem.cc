// PEM armour shared by both backends, so that every key type (including
// Ed25519, which mbedTLS 2.28 does not know) is read the same way.
#include <sodium.h>

#include <algorithm>

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
