#include "agent/bundle/reader.h"

#include <cstring>
#include <utility>

#include "platform/crypto/crypto.h"

namespace psirt::bundle {
namespace {

std::uint64_t be(const unsigned char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

constexpr int kNotFound = 404;  // tuf::kFetchNotFound (kept equal; checked in bundle_fetcher.cc)

}  // namespace

Result<BundleReader> BundleReader::open(const std::string& path, const Limits& limits, std::string label) {
  PSIRT_ASSIGN_OR_RETURN(file, fs::RandomAccessFile::open(path));
  BundleReader r(label.empty() ? path : std::move(label));
  r.file_.emplace(std::move(file));
  PSIRT_TRY(r.scan(limits));
  return r;
}

Result<BundleReader> BundleReader::fromBytes(std::string bytes, const Limits& limits, std::string label) {
  BundleReader r(std::move(label));
  r.memory_ = std::move(bytes);
  PSIRT_TRY(r.scan(limits));
  return r;
}

Status BundleReader::readAt(std::uint64_t offset, void* out, std::size_t n) const {
  if (file_) return file_->readAt(offset, out, n);
  if (offset > memory_.size() || memory_.size() - offset < n) {
    return makeError(ErrorCategory::kIo, "short read", "bundle " + label_);
  }
  std::memcpy(out, memory_.data() + offset, n);
  return okStatus();
}

Status BundleReader::scan(const Limits& limits) {
  const std::uint64_t size = this->size();
  auto parseError = [&](const std::string& message, std::uint64_t at) {
    return makeError(ErrorCategory::kParse, message + " at offset " + std::to_string(at), "bundle " + label_);
  };
  if (size > limits.max_bundle_bytes) {
    return makeError(ErrorCategory::kLimit,
                     "bundle of " + std::to_string(size) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_bundle_bytes),
                     "bundle " + label_);
  }
  // Reads n bytes at off only after checking they exist: a truncated file is
  // a parse error naming what was expected, never a short read.
  auto need = [&](std::uint64_t off, std::size_t n, void* out, const char* what) -> Status {
    if (off > size || size - off < n) return parseError(std::string("truncated: ") + what + " incomplete", off);
    return readAt(off, out, n);
  };

  unsigned char header[kHeaderSize];
  PSIRT_TRY(need(0, kHeaderSize, header, "header"));
  if (std::string_view(reinterpret_cast<const char*>(header), kMagic.size()) != kMagic) {
    return parseError("not a psirt bundle (bad magic)", 0);
  }
  const auto version = static_cast<std::uint16_t>(be(header + 8, 2));
  if (version != kFormatVersion) {
    return parseError("unsupported bundle format version " + std::to_string(version) + " (expected " +
                          std::to_string(kFormatVersion) + ")", 8);
  }
  if (be(header + 10, 2) != 0) return parseError("unknown header flags", 10);
  const auto count = static_cast<std::uint32_t>(be(header + 12, 4));
  if (count > limits.max_entries) {
    return makeError(ErrorCategory::kLimit,
                     std::to_string(count) + " entries exceed the limit of " + std::to_string(limits.max_entries),
                     "bundle " + label_);
  }

  std::uint64_t off = kHeaderSize;
  std::size_t total_names = 0;
  std::string name;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string entry_what = "entry " + std::to_string(i + 1) + " of " + std::to_string(count);
    unsigned char len2[2];
    PSIRT_TRY(need(off, 2, len2, (entry_what + " name length").c_str()));
    const auto name_len = static_cast<std::size_t>(be(len2, 2));
    if (name_len == 0) return parseError("bad entry name: empty name (" + entry_what + ")", off);
    if (name_len > limits.max_name_bytes) {
      return makeError(ErrorCategory::kLimit,
                       entry_what + ": name of " + std::to_string(name_len) + " bytes exceeds the limit of " +
                           std::to_string(limits.max_name_bytes),
                       "bundle " + label_);
    }
    total_names += name_len;
    if (total_names > limits.max_total_name_bytes) {
      return makeError(ErrorCategory::kLimit, "entry names exceed " + std::to_string(limits.max_total_name_bytes) +
                                                  " bytes in total", "bundle " + label_);
    }
    off += 2;
    name.assign(name_len, '\0');
    PSIRT_TRY(need(off, name_len, name.data(), (entry_what + " name").c_str()));
    if (Status st = validateName(name, limits.max_name_bytes); !st) return st.error().within("bundle " + label_);
    if (index_.count(name) != 0) return parseError("duplicate entry name '" + printableName(name) + "'", off);
    off += name_len;
    unsigned char fixed[8 + kDigestSize];
    PSIRT_TRY(need(off, sizeof fixed, fixed, (entry_what + " size and digest").c_str()));
    const std::uint64_t length = be(fixed, 8);
    off += sizeof fixed;
    // Checked against what is really there before anything is allocated or read.
    if (length > size - off) {
      return parseError("entry '" + printableName(name) + "' declares " + std::to_string(length) +
                            " bytes but only " + std::to_string(size - off) + " remain (truncated or forged size)",
                        off);
    }
    Entry e;
    e.offset = off;
    e.length = length;
    e.sha256.assign(reinterpret_cast<const char*>(fixed + 8), kDigestSize);
    index_.emplace(name, std::move(e));
    order_.push_back(name);
    off += length;
  }
  char trailer[kTrailer.size()];
  PSIRT_TRY(need(off, sizeof trailer, trailer, "trailer"));
  if (std::string_view(trailer, sizeof trailer) != kTrailer) return parseError("bad trailer", off);
  off += sizeof trailer;
  if (off != size) {
    return parseError("trailing garbage: " + std::to_string(size - off) + " bytes after the trailer", off);
  }
  return okStatus();
}

std::int64_t BundleReader::length(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : static_cast<std::int64_t>(it->second.length);
}

Result<std::string> BundleReader::read(const std::string& name, std::size_t max_bytes) const {
  auto it = index_.find(name);
  if (it == index_.end()) {
    return makeError(ErrorCategory::kIo, "no entry '" + printableName(name) + "' in the bundle", "bundle " + label_,
                     kNotFound);
  }
  const Entry& e = it->second;
  if (e.length > max_bytes) {
    return makeError(ErrorCategory::kLimit,
                     "entry '" + printableName(name) + "' is " + std::to_string(e.length) +
                         " bytes, more than the " + std::to_string(max_bytes) + " allowed",
                     "bundle " + label_);
  }
  std::string out(static_cast<std::size_t>(e.length), '\0');
  PSIRT_TRY(readAt(e.offset, out.data(), out.size()));
  const crypto::Bytes digest = crypto::sha256(crypto::asBytes(out));
  if (std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()) != e.sha256) {
    return makeError(ErrorCategory::kParse,
                     "entry '" + printableName(name) + "' does not match its SHA-256 (corrupt bundle)",
                     "bundle " + label_);
  }
  return out;
}

}  // namespace psirt::bundle
