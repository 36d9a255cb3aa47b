// Streaming read of one stored target (CompleteSet::openTarget): the file of
// the content-addressed store handed out in chunks, hashed as the chunks pass,
// so a consumer (the CSAF stream reader) parses the same bytes that are
// checked without the whole file in memory.
//
//   auto t = set.openTarget(match);                       // length checked here
//   auto a = csaf::readAdvisory([&] { return t->next(); });
//   if (auto v = t->finish(); !v) -> discard `a`, report v.error()  (fail closed)
//
// The consumer must treat everything built from the chunks as untrusted until
// finish() succeeded: next() returns the TUF security error (kHashMismatch)
// INSTEAD of the end marker when the bytes do not match, so a consumer that
// reads to the end fails on its own, and finish() gives the verdict even when
// the consumer stopped early (it hashes what was left unread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/crypto/crypto.h"
#include "platform/error/result.h"
#include "platform/fs/random_access.h"

namespace psirt::tuf {

class TargetStream {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{64} << 10;

  // `file` was opened by CompleteSet::openTarget, its size already equal to
  // `length`; `sha256_hex` is the listed digest (any case); `what` names the
  // target in errors.
  TargetStream(fs::RandomAccessFile file, std::uint64_t length, std::string sha256_hex, std::string what);

  // The next chunk (valid until the next call). Empty: the end, reached only
  // when all `length` bytes were read and their sha256 matched. Errors: kIo
  // (read failed, file shrank), kSecurity/kHashMismatch at the end.
  Result<std::span<const std::uint8_t>> next();

  // Reads what the consumer left, then the verdict on every byte of the file.
  Status finish();

 private:
  fs::RandomAccessFile file_;
  std::uint64_t length_ = 0, offset_ = 0;
  std::string sha256_hex_, what_;
  crypto::Hasher hasher_{crypto::HashAlgorithm::kSha256};
  std::vector<std::uint8_t> buffer_;
  std::optional<Status> verdict_;  // set once the end was reached or an error happened
};

}  // namespace psirt::tuf
