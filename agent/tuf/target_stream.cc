#include "agent/tuf/target_stream.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "agent/tuf/trusted_set.h"
#include "platform/fs/fs.h"

namespace psirt::tuf {

TargetStream::TargetStream(fs::RandomAccessFile file, std::uint64_t length, std::string sha256_hex,
                           std::string what)
    : file_(std::move(file)), length_(length), sha256_hex_(std::move(sha256_hex)), what_(std::move(what)) {
  for (char& c : sha256_hex_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

Result<std::span<const std::uint8_t>> TargetStream::next() {
  if (verdict_) {
    if (!*verdict_) return verdict_->error();
    return std::span<const std::uint8_t>();
  }
  if (offset_ == length_) {
    // The end: the verdict on exactly the bytes handed out.
    const std::string got = crypto::toHex(hasher_.finish());
    verdict_ = got == sha256_hex_ ? okStatus()
                                  : Status(securityError(SecurityCode::kHashMismatch, "sha256 does not match", what_));
    return next();
  }
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, length_ - offset_));
  buffer_.resize(n);
  if (auto read = file_.readAt(offset_, buffer_.data(), n); !read) {
    verdict_ = read.error().within(what_);
    return read.error().within(what_);
  }
  offset_ += n;
  hasher_.update(buffer_);
  return std::span<const std::uint8_t>(buffer_);
}

Status TargetStream::finish() {
  for (;;) {
    PSIRT_ASSIGN_OR_RETURN(chunk, next());
    if (chunk.empty()) return okStatus();
  }
}

Result<TargetStream> CompleteSet::openTarget(const TargetMatch& match) const {
  auto sha = match.file.hashes.find("sha256");
  if (sha == match.file.hashes.end())
    return makeError(ErrorCategory::kUnsupported, "target has no sha256 hash", match.path);
  std::string hex = sha->second;  // metadata may list upper-case hex; the store is lower case
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!state::isSha256Hex(hex))
    return makeError(ErrorCategory::kParse, "not a sha256 hex digest: " + hex, match.path);
  auto file = fs::RandomAccessFile::open(layout_.targetFile(hex));
  if (!file) return file.error().within(match.path);
  const auto length = static_cast<std::uint64_t>(std::max<std::int64_t>(match.file.length, 0));
  if (file->size() != length) {
    return securityError(SecurityCode::kLengthMismatch,
                         "stored copy has " + std::to_string(file->size()) + " bytes, " + std::to_string(length) +
                             " listed",
                         match.path);
  }
  return TargetStream(std::move(*file), length, std::move(hex), match.path);
}

// Every listed hash was checked when the file was stored; on each read the
// length and the sha256 the store is addressed by are checked again (a
// damaged or swapped file is refused) without paying for sha512 twice.
Result<std::string> CompleteSet::readTarget(const TargetMatch& match) const {
  PSIRT_ASSIGN_OR_RETURN(size, listedLength(match.file.length, match.path));  // no narrowing on 32-bit
  PSIRT_ASSIGN_OR_RETURN(stream, openTarget(match));
  std::string bytes;
  bytes.reserve(size);
  for (;;) {
    PSIRT_ASSIGN_OR_RETURN(chunk, stream.next());
    if (chunk.empty()) return bytes;
    bytes.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
}

}  // namespace psirt::tuf
