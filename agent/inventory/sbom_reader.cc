// The vendor's per-release CycloneDX SBOM: components bundled inside the
// product that no package database lists (docs/design.md#inventory-and-versions). Read from
// etc/psirt/sbom/*.json (docs/formats/inventory.md).
//
// Streamed (agent/json readStream): a hostile image may hold dozens of SBOMs
// of tens of megabytes, and a DOM costs ~20x the document's size. Only the
// members a component needs are kept while it is open; items are bounded by
// the inventory's item budget (ReadOptions::max_items) and the component cap.
#include <algorithm>
#include <tuple>

#include "agent/identity/cpe.h"
#include "agent/identity/purl.h"
#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"
#include "agent/json/stream.h"
#include "platform/crypto/crypto.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace psirt::inventory {

namespace {

constexpr std::size_t kMaxSbomBytes = 32u << 20;
constexpr std::size_t kMaxSbomDepth = 64;        // JSON nesting
constexpr std::size_t kMaxComponentDepth = 16;   // components inside components
constexpr std::size_t kMaxComponents = 100000;   // per file (the item budget is usually lower)
constexpr std::size_t kMaxSbomFiles = 64;
constexpr std::size_t kMaxSbomWarnings = 20;
// JSON values in one file: kMaxComponents components of up to ~40 values each
// (hashes, licenses, properties).
constexpr std::size_t kMaxSbomValues = 40 * kMaxComponents;
constexpr std::size_t kChunkBytes = 64u << 10;

// Builds items from the stream events of one SBOM. Warnings are ordered as a
// tree walk gives them (a component's own, then its nested components'), so
// each carries a key: the pre-order number of the component or list element
// it is about. Only the first kMaxSbomWarnings (by key) are kept.
class SbomHandler final : public json::StreamHandler {
 public:
  // max_items: what the inventory's item limit leaves; limit_message says so.
  SbomHandler(const std::string& file, std::size_t max_items, std::string limit_message)
      : file_(file), max_items_(max_items), limit_message_(std::move(limit_message)) {}

  Status key(std::string_view k) override {
    frames_.back().key.assign(k);
    return okStatus();
  }

  Status value(json::Type type, const std::string& text) override {
    roleOfChild(type);  // list-level warnings for a scalar where a list or component belongs
    if (frames_.empty()) {
      root_is_object_ = false;
    } else if (Frame& parent = frames_.back(); parent.role == Role::kRoot && type == json::Type::kString) {
      if (parent.key == "bomFormat") bom_format_ = text;
      if (parent.key == "specVersion") spec_version_ = text;
    } else if (parent.role == Role::kComponent && type == json::Type::kString) {
      parent.fields.set(parent.key, text);
    }
    advance();
    return okStatus();
  }

  Status open(json::Type type) override {
    Role role = roleOfChild(type);
    Frame f;
    f.role = role;
    f.array = type == json::Type::kArray;
    f.pointer = frames_.empty() ? std::string() : childPointer();
    if (frames_.empty()) root_is_object_ = type == json::Type::kObject;
    if (!frames_.empty()) f.list_depth = frames_.back().child_list_depth;
    if (role == Role::kComponent) {
      f.seq = ++seq_;
      f.slot = items_.size();
      items_.emplace_back();  // filled when the component closes (pre-order, as a walk adds them)
      valid_.push_back(false);
      ++reserved_;
    }
    if (role == Role::kComponentList) f.child_list_depth = f.list_depth;
    if (role == Role::kComponent) f.child_list_depth = f.list_depth + 1;
    frames_.push_back(std::move(f));
    return okStatus();
  }

  Status close() override {
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    if (f.role == Role::kComponent) finishComponent(f);
    if (!frames_.empty()) advance();
    return okStatus();
  }

  // After a successful read: the items of a CycloneDX 1.4-1.6 document, or
  // none with one warning about the document.
  std::vector<Item> finish(const std::string& sha256, ReaderResult& out) {
    std::vector<Item> items;
    if (!root_is_object_ || bom_format_ != "CycloneDX") {
      out.warn(file_, 0, "not a CycloneDX JSON document (bomFormat)");
      return items;
    }
    if (spec_version_ != "1.4" && spec_version_ != "1.5" && spec_version_ != "1.6") {
      out.warn(file_, 0, "unsupported CycloneDX specVersion '" + spec_version_ + "' (1.4 to 1.6)");
      return items;
    }
    sortWarnings();
    for (auto& w : warnings_) out.warn(file_, 0, std::move(w.message));
    if (warning_count_ > warnings_.size()) out.partial = true;
    // Compacted in place: no second vector of items.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (!valid_[i]) continue;
      items_[i].evidence.sha256 = sha256;
      if (kept != i) items_[kept] = std::move(items_[i]);
      ++kept;
    }
    items_.resize(kept);
    items.swap(items_);
    return items;
  }

 private:
  enum class Role { kOther, kRoot, kComponentList, kComponent, kIgnored };

  struct Fields {
    std::string name, version, group, bom_ref, purl, cpe;
    bool has_name = false;
    void set(const std::string& key, const std::string& v) {
      if (key == "name") { name = v; has_name = true; }
      else if (key == "version") version = v;
      else if (key == "group") group = v;
      else if (key == "bom-ref") bom_ref = v;
      else if (key == "purl") purl = v;
      else if (key == "cpe") cpe = v;
    }
  };

  struct Frame {
    Role role = Role::kOther;
    bool array = false;
    std::string key;            // objects: the current member's key
    std::size_t index = 0;      // arrays: the current element's index
    std::string pointer;        // JSON pointer of this container
    std::size_t list_depth = 0;        // component lists: their nesting depth
    std::size_t child_list_depth = 0;  // the depth a "components" member here has
    bool stopped = false;       // component list: the component cap was hit
    std::size_t seq = 0;        // components: pre-order number
    std::size_t slot = 0;       // components: index in items_
    Fields fields;              // components: the members read so far
  };

  struct KeyedWarning {
    std::size_t seq;
    int sub;
    std::string message;
  };

  std::string childPointer() const {
    const Frame& p = frames_.back();
    return json::pointerAppend(p.pointer, p.array ? std::to_string(p.index) : p.key);
  }

  void advance() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }

  // What the value about to start (of `type`) is, from where it stands;
  // list-level warnings are given here, in document order.
  Role roleOfChild(json::Type type) {
    if (frames_.empty()) return type == json::Type::kObject ? Role::kRoot : Role::kOther;
    Frame& p = frames_.back();
    const bool isList = (p.role == Role::kRoot || p.role == Role::kComponent) && p.key == "components";
    if (isList) {
      if (type != json::Type::kArray) {
        warn(++seq_, 0, childPointer() + ": not an array");
        return Role::kIgnored;
      }
      if (p.child_list_depth > kMaxComponentDepth) {
        warn(++seq_, 0, childPointer() + ": components nested too deep");
        return Role::kIgnored;
      }
      return Role::kComponentList;
    }
    if (p.role != Role::kComponentList) return p.role == Role::kIgnored ? Role::kIgnored : Role::kOther;
    if (p.stopped) return Role::kIgnored;
    if (reserved_ >= std::min(kMaxComponents, max_items_)) {
      warn(++seq_, 0, max_items_ < kMaxComponents
                          ? limit_message_
                          : "more than " + std::to_string(kMaxComponents) + " components; the rest ignored");
      p.stopped = true;
      return Role::kIgnored;
    }
    if (type != json::Type::kObject) {
      warn(++seq_, 0, childPointer() + ": not an object");
      return Role::kIgnored;
    }
    return Role::kComponent;
  }

  void finishComponent(const Frame& f) {
    const std::string& at = f.pointer;
    const Fields& c = f.fields;
    if (c.name.empty() || c.name.size() > 1024) {
      warn(f.seq, 0, at + ": component without a valid \"name\"");
      --reserved_;
      return;
    }
    Item& item = items_[f.slot];
    item.ecosystem = Ecosystem::kSbom;
    item.name = c.name;
    item.version = c.version;
    item.source_name = c.group;
    item.detail = c.bom_ref;
    item.evidence = Evidence{file_, 0, {}};
    if (!c.purl.empty()) {
      auto p = identity::parsePurl(c.purl);
      if (p) {
        item.purl = p->toString();
        if (item.version.empty()) item.version = p->version;
        if (auto arch = p->qualifier("arch")) item.arch = *arch;
      } else {
        warn(f.seq, 1, at + "/purl: " + p.error().message);
      }
    }
    if (item.purl.empty()) item.purl = detail::purlString("generic", item.source_name, c.name, item.version);
    if (!c.cpe.empty()) {
      auto parsed = identity::parseCpe(c.cpe);
      if (parsed) item.cpe = parsed->toFormattedString();
      else warn(f.seq, 2, at + "/cpe: " + parsed.error().message);
    }
    valid_[f.slot] = true;
  }

  // Keeps the kMaxSbomWarnings first warnings by (seq, sub); counts all.
  void warn(std::size_t seq, int sub, std::string message) {
    ++warning_count_;
    warnings_.push_back(KeyedWarning{seq, sub, std::move(message)});
    if (warnings_.size() >= 2 * kMaxSbomWarnings) sortWarnings();
  }

  void sortWarnings() {
    std::stable_sort(warnings_.begin(), warnings_.end(), [](const KeyedWarning& a, const KeyedWarning& b) {
      return std::tie(a.seq, a.sub) < std::tie(b.seq, b.sub);
    });
    if (warnings_.size() > kMaxSbomWarnings) warnings_.resize(kMaxSbomWarnings);
  }

  std::string file_;  // a copy: never dangles
  const std::size_t max_items_;
  const std::string limit_message_;
  std::vector<Frame> frames_;
  bool root_is_object_ = false;
  std::string bom_format_, spec_version_;
  std::vector<Item> items_;
  std::vector<bool> valid_;
  std::size_t reserved_ = 0;  // components read or open, not dropped
  std::size_t seq_ = 0;
  std::vector<KeyedWarning> warnings_;
  std::size_t warning_count_ = 0;
};

json::StreamLimits sbomLimits() {
  json::StreamLimits limits;
  limits.max_document_bytes = kMaxSbomBytes;
  limits.max_depth = kMaxSbomDepth;
  limits.max_values = kMaxSbomValues;
  return limits;
}

std::vector<Item> parseSbomSource(const json::ByteSource& source, const std::string& file,
                                  const std::function<std::string()>& sha256, std::size_t max_items,
                                  const std::string& limit_message, ReaderResult& out) {
  SbomHandler handler(file, max_items, limit_message);
  Status st = json::readStream(source, sbomLimits(), handler);
  if (!st) {
    out.warn(file, 0, "invalid JSON: " + st.error().describe());
    return {};
  }
  return handler.finish(sha256(), out);
}

}  // namespace

std::vector<Item> parseSbom(std::string_view text, const std::string& file, const std::string& sha256,
                            ReaderResult& out) {
  bool done = false;
  json::ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    if (done) return std::span<const std::uint8_t>();
    done = true;
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  };
  return parseSbomSource(source, file, [&] { return sha256; }, kMaxComponents, {}, out);
}

ReaderResult readSboms(const ReadOptions& options) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kSbom;
  std::string dir = detail::hostPath(options.sysroot, "etc/psirt/sbom");
  if (detail::pathKind(options.sysroot, "etc/psirt/sbom") == detail::PathKind::kMissing) return out;
  out.present = true;
  auto entries = detail::listDirectory(options.sysroot, "etc/psirt/sbom");
  if (!entries) {
    out.warn(dir, 0, "cannot list: " + entries.error().message);
    return out;
  }
  std::size_t files = 0;
  for (const auto& e : *entries) {
    if (e.name.size() < 5 || e.name.compare(e.name.size() - 5, 5, ".json") != 0) continue;
    if (++files > kMaxSbomFiles) {
      out.warn(dir, 0, "more than " + std::to_string(kMaxSbomFiles) + " SBOM files; the rest ignored");
      break;
    }
    std::string host = dir + "/" + e.name;
    if (!detail::itemsLeft(options, out.items.size())) {
      out.warn(host, 0, detail::itemLimitMessage(options));
      break;
    }
    const std::string relative = "etc/psirt/sbom/" + e.name;
    if (detail::pathKind(options.sysroot, relative) == detail::PathKind::kDirectory) {
      out.warn(host, 0, "is a directory, not a file; not read");
      continue;
    }
    auto file = detail::openRandomAccess(options.sysroot, relative);
    if (!file) {
      out.warn(host, 0, "cannot read: " + file.error().message);
      continue;
    }
    if (file->size() > kMaxSbomBytes) {
      out.warn(host, 0, "cannot read: file is larger than the limit of " + std::to_string(kMaxSbomBytes) + " bytes");
      continue;
    }
    if (!detail::takeBytes(options, out, file->size())) {
      out.warn(host, 0, detail::byteLimitMessage(options));
      break;
    }
    // One pass: the parser pulls chunks, the hash sees every byte it parsed.
    crypto::Hasher hasher(crypto::HashAlgorithm::kSha256);
    std::vector<std::uint8_t> buf(kChunkBytes);
    std::uint64_t offset = 0;
    json::ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), file->size() - offset));
      if (n == 0) return std::span<const std::uint8_t>();
      PSIRT_TRY(file->readAt(offset, buf.data(), n));
      offset += n;
      std::span<const std::uint8_t> chunk(buf.data(), n);
      hasher.update(chunk);
      return chunk;
    };
    auto items = parseSbomSource(
        source, host, [&] { return crypto::toHex(hasher.finish()); }, options.left.max_items - out.items.size(), detail::itemLimitMessage(options), out);
    for (auto& item : items) item.evidence.path = "/etc/psirt/sbom/" + e.name;
    if (out.items.empty()) {
      out.items = std::move(items);
    } else {
      out.items.reserve(out.items.size() + items.size());
      for (auto& item : items) out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace psirt::inventory
