// Reads an offline bundle (docs/formats/bundle.md). open() validates the whole
// structure (header, every entry header, names, declared sizes against the
// real file size, trailer, no trailing bytes) and keeps only an index
// name -> (offset, length, sha256) in memory; content is read on demand,
// bounded by the caller. Nothing is ever extracted to a path: the only
// question answered is "the bytes of name X".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/bundle/format.h"
#include "platform/error/result.h"
#include "platform/fs/random_access.h"

namespace psirt::bundle {

class BundleReader {
 public:
  // `label` names the bundle in errors (default: path), e.g. the user's file
  // when `path` is the private copy. Structural errors are kParse, bounds kLimit,
  // file errors kIo; each names the entry or offset at fault.
  static Result<BundleReader> open(const std::string& path, const Limits& limits = {}, std::string label = {});
  // The same over bytes in memory (fuzzing, tests); identical checks.
  static Result<BundleReader> fromBytes(std::string bytes, const Limits& limits, std::string label);

  // Entry names in file order.
  const std::vector<std::string>& names() const { return order_; }
  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  // Declared length, or nullopt-like -1 when absent.
  std::int64_t length(const std::string& name) const;

  // The content of `name`: kIo with code tuf::kFetchNotFound (404) when absent,
  // kLimit when longer than max_bytes (nothing allocated), kParse when the
  // content does not match its recorded SHA-256 (corrupt bundle).
  Result<std::string> read(const std::string& name, std::size_t max_bytes) const;

  const std::string& label() const { return label_; }

 private:
  struct Entry {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::string sha256;  // 32 raw bytes
  };
  explicit BundleReader(std::string label) : label_(std::move(label)) {}
  Status scan(const Limits& limits);
  std::uint64_t size() const { return file_ ? file_->size() : memory_.size(); }
  Status readAt(std::uint64_t offset, void* out, std::size_t n) const;

  std::optional<fs::RandomAccessFile> file_;  // else memory_
  std::string memory_;
  std::string label_;
  std::map<std::string, Entry> index_;
  std::vector<std::string> order_;
};

}  // namespace psirt::bundle
