#include "agent/bundle/writer.h"

#include <algorithm>
#include <memory>

#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::bundle {
namespace {

void putBe(std::string& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

constexpr std::size_t kChunk = 1 << 16;
constexpr int kMaxDepth = 32;

}  // namespace

Status BundleWriter::checkNew(const std::string& name) const {
  if (Status st = validateName(name, limits_.max_name_bytes); !st) {
    Error e = st.error();
    e.category = ErrorCategory::kUsage;
    return e;
  }
  for (const auto& e : entries_) {
    if (e.name == name) return makeError(ErrorCategory::kUsage, "duplicate entry name", name);
  }
  if (entries_.size() >= limits_.max_entries) {
    return makeError(ErrorCategory::kLimit, "more than " + std::to_string(limits_.max_entries) + " entries", name);
  }
  return okStatus();
}

Status BundleWriter::addBytes(const std::string& name, std::string_view content) {
  PSIRT_TRY(checkNew(name));
  Entry e;
  e.name = name;
  e.bytes.assign(content);
  e.length = content.size();
  const crypto::Bytes d = crypto::sha256(crypto::asBytes(content));
  e.sha256.assign(d.begin(), d.end());
  entries_.push_back(std::move(e));
  return okStatus();
}

Status BundleWriter::addFile(const std::string& name, const std::string& path) {
  PSIRT_TRY(checkNew(name));
  Entry e;
  e.name = name;
  e.source_path = path;
  crypto::Hasher h(crypto::HashAlgorithm::kSha256);
  PSIRT_TRY(fs::readChunks(path, kChunk, limits_.max_bundle_bytes, [&](std::span<const std::uint8_t> c) {
    h.update(c);
    e.length += c.size();
    return okStatus();
  }));
  const crypto::Bytes d = h.finish();
  e.sha256.assign(d.begin(), d.end());
  entries_.push_back(std::move(e));
  return okStatus();
}

Status BundleWriter::addDirectory(const std::string& dir, const std::string& prefix, int depth) {
  if (depth > kMaxDepth) return makeError(ErrorCategory::kLimit, "directories nested too deep", dir);
  PSIRT_ASSIGN_OR_RETURN(list, fs::listDirectory(dir));
  for (const auto& d : list) {
    const std::string path = fs::joinPath(dir, d.name);
    const std::string name = prefix.empty() ? d.name : prefix + "/" + d.name;
    if (d.is_symlink) return makeError(ErrorCategory::kUsage, "symbolic link refused in a bundle", path);
    if (d.is_directory) {
      PSIRT_TRY(addDirectory(path, name, depth + 1));
    } else if (d.is_regular) {
      PSIRT_TRY(addFile(name, path));
    } else {
      return makeError(ErrorCategory::kUsage, "special file refused in a bundle", path);
    }
  }
  return okStatus();
}

Status BundleWriter::addRepositoryDirectory(const std::string& dir) { return addDirectory(dir, "", 0); }

Status BundleWriter::remove(const std::string& name) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
  if (it == entries_.end()) return makeError(ErrorCategory::kUsage, "no such entry", name);
  entries_.erase(it);
  return okStatus();
}

std::vector<std::string> BundleWriter::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

Status BundleWriter::write(const std::string& path) const {
  // A bundle the agent would refuse is not written.
  std::uint64_t total = kHeaderSize + kTrailer.size();
  for (const auto& e : entries_) total += kEntryFixedSize + e.name.size() + e.length;
  if (total > limits_.max_bundle_bytes) {
    return makeError(ErrorCategory::kLimit,
                     "bundle of " + std::to_string(total) + " bytes would exceed the limit of " +
                         std::to_string(limits_.max_bundle_bytes),
                     path);
  }
  // A pull generator: header, then per entry its header and content chunks
  // (file contents re-hashed while streamed), then the trailer.
  std::size_t index = 0;
  bool header_done = false;
  bool entry_header_done = false;
  bool trailer_done = false;
  std::uint64_t done = 0;  // content bytes of the current entry already emitted
  std::unique_ptr<fs::RandomAccessFile> file;
  std::unique_ptr<crypto::Hasher> hasher;
  std::string buf;

  auto next = [&]() -> Result<std::string_view> {
    buf.clear();
    if (!header_done) {
      header_done = true;
      buf.append(kMagic);
      putBe(buf, kFormatVersion, 2);
      putBe(buf, 0, 2);
      putBe(buf, entries_.size(), 4);
      return std::string_view(buf);
    }
    while (index < entries_.size()) {
      const Entry& e = entries_[index];
      if (!entry_header_done) {
        entry_header_done = true;
        done = 0;
        putBe(buf, e.name.size(), 2);
        buf.append(e.name);
        putBe(buf, e.length, 8);
        buf.append(e.sha256);
        if (!e.source_path.empty()) {
          PSIRT_ASSIGN_OR_RETURN(f, fs::RandomAccessFile::open(e.source_path));
          if (f.size() != e.length) return makeError(ErrorCategory::kIo, "file changed while bundling", e.source_path);
          file = std::make_unique<fs::RandomAccessFile>(std::move(f));
          hasher = std::make_unique<crypto::Hasher>(crypto::HashAlgorithm::kSha256);
        }
        return std::string_view(buf);
      }
      if (done < e.length) {
        if (e.source_path.empty()) {
          done = e.length;
          return std::string_view(e.bytes);
        }
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, e.length - done));
        buf.resize(n);
        PSIRT_TRY(file->readAt(done, buf.data(), n));
        hasher->update(crypto::asBytes(buf));
        done += n;
        return std::string_view(buf);
      }
      if (hasher) {
        const crypto::Bytes d = hasher->finish();
        hasher.reset();
        file.reset();
        if (std::string_view(reinterpret_cast<const char*>(d.data()), d.size()) != e.sha256) {
          return makeError(ErrorCategory::kIo, "file changed while bundling", e.source_path);
        }
      }
      ++index;
      entry_header_done = false;
    }
    if (!trailer_done) {
      trailer_done = true;
      return kTrailer;
    }
    return std::string_view();
  };
  return fs::writeFileAtomicChunked(path, 0644, next);
}

}  // namespace psirt::bundle
