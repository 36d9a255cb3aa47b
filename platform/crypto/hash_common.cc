// One-shot hashes on top of each backend's Hasher.
#include "platform/crypto/crypto.h"

namespace psirt::crypto {

namespace {
Bytes hashOnce(HashAlgorithm algorithm, ByteView data) {
  Hasher h(algorithm);
  h.update(data);
  return h.finish();
}
}  // namespace

Bytes sha256(ByteView data) { return hashOnce(HashAlgorithm::kSha256, data); }
Bytes sha512(ByteView data) { return hashOnce(HashAlgorithm::kSha512, data); }

}  // namespace psirt::crypto
