// Streaming JSON (stream.h): ChunkInput feeds nlohmann's SAX parser;
// SaxHandler checks the JSON-level rules (depth, value count, string length,
// duplicate keys), keeps the JSON pointer and forwards each event to the
// caller's StreamHandler. Memory: one chunk, the lexer's current token, one
// frame per open container.
#include "agent/json/stream.h"

#include <exception>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "agent/json/stream_input.h"

namespace psirt::json {
namespace detail {

void ChunkInput::advance() {
  const auto c = chunk_[pos_++];
  if (++consumed_ > limits_.max_document_bytes) {
    stop(makeError(ErrorCategory::kLimit, "document is longer than the limit of " +
                                              std::to_string(limits_.max_document_bytes) + " bytes"));
    return;
  }
  if (consumed_ == 1 && c == 0xEF) {
    stop(makeError(ErrorCategory::kParse, "leading byte order mark (RFC 8259 section 8.1)"));
    return;
  }
  if (in_string_) {
    if (escaped_) escaped_ = false;
    else if (c == '\\') escaped_ = true;
    else if (c == '"') in_string_ = false, run_ = 0;
  } else if (c == '"') {
    in_string_ = true, run_ = 0;
  } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ':' || c == '[' || c == ']' ||
             c == '{' || c == '}') {
    run_ = 0;
  }
  // In a string, run_ counts the opening quote too.
  if (++run_ > limits_.max_string_bytes + (in_string_ ? 1 : 0)) {
    stop(makeError(ErrorCategory::kLimit,
                   "string or number longer than the limit of " + std::to_string(limits_.max_string_bytes) + " bytes"));
  }
}

bool ChunkInput::pull() {
  auto next = source_();
  if (!next) {
    stop(next.error());
    return false;
  }
  chunk_ = *next;
  pos_ = 0;
  if (chunk_.empty()) ended_ = true;
  return !chunk_.empty();
}

void ChunkInput::stop(Error e) {
  if (!stopped_) stopped_ = std::move(e);
  chunk_ = {};
  pos_ = 0;
  throw Stop{};
}

namespace {

using Sax = nlohmann::json;

// Keys of one open object, as 64-bit FNV-1a hashes (8 bytes each, whatever
// the key's length): a linear scan while small, a set beyond.
class KeySet {
 public:
  bool insert(std::string_view key) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ULL;
    if (!large_.empty()) return large_.insert(h).second;
    for (std::uint64_t k : small_) {
      if (k == h) return false;
    }
    small_.push_back(h);
    if (small_.size() > 16) large_.insert(small_.begin(), small_.end()), small_.clear();
    return true;
  }

 private:
  std::vector<std::uint64_t> small_;
  std::unordered_set<std::uint64_t> large_;
};

constexpr std::size_t kPointerKeyBytes = 128;  // keys are cut in pointers (memory: depth x this)

class SaxHandler {
 public:
  SaxHandler(const StreamLimits& limits, StreamHandler& builder) : limits_(limits), builder_(builder) {}

  // nlohmann's SAX interface (names are nlohmann's).
  bool null() { return scalar(Type::kNull, nullptr); }
  bool boolean(bool /*unused*/) { return scalar(Type::kBool, nullptr); }
  bool number_integer(Sax::number_integer_t /*unused*/) { return scalar(Type::kInteger, nullptr); }  // NOLINT
  bool number_unsigned(Sax::number_unsigned_t /*unused*/) { return scalar(Type::kInteger, nullptr); }  // NOLINT
  bool number_float(Sax::number_float_t /*unused*/, const Sax::string_t& /*unused*/) {  // NOLINT
    return scalar(Type::kFloat, nullptr);
  }
  bool string(Sax::string_t& s) { return scalar(Type::kString, &s); }
  bool binary(Sax::binary_t& /*unused*/) { return fail(makeError(ErrorCategory::kParse, "binary value")); }
  bool start_object(std::size_t /*unused*/) { return open(Type::kObject); }  // NOLINT
  bool start_array(std::size_t /*unused*/) { return open(Type::kArray); }    // NOLINT
  bool end_object() { return close(); }                                         // NOLINT
  bool end_array() { return close(); }                                          // NOLINT
  bool key(Sax::string_t& k) {
    Frame& f = frames_.back();
    f.key.assign(k, 0, std::min(k.size(), kPointerKeyBytes));
    f.has_key = true;
    if (++open_keys_ > limits_.max_open_keys) {
      return fail(makeError(ErrorCategory::kLimit, "more than " + std::to_string(limits_.max_open_keys) +
                                                       " keys in the objects open at once"));
    }
    ++f.key_count;
    if (!f.keys.insert(k)) return fail(makeError(ErrorCategory::kParse, "duplicate object key"));
    return check(builder_.key(k));
  }
  bool parse_error(std::size_t position, const std::string& /*unused*/, const nlohmann::detail::exception& ex) {  // NOLINT
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> the reason.
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return fail(makeError(ErrorCategory::kParse, what, "byte " + std::to_string(position)));
  }

  const std::optional<Error>& error() const { return error_; }
  // JSON pointer of the value being read ("/" for the root).
  std::string pointer() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.array) {
        p += '/' + std::to_string(f.count == 0 ? 0 : f.count - 1);
        continue;
      }
      if (!f.has_key) break;
      p += '/';
      for (char c : f.key) p += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return p.empty() ? std::string("/") : p;
  }

 private:
  struct Frame {
    bool array = false;
    bool has_key = false;
    std::size_t count = 0;  // array elements begun
    std::string key;        // last key (cut), for the pointer
    KeySet keys;
    std::size_t key_count = 0;  // part of open_keys_
  };

  bool begin() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().count;
    if (++values_ > limits_.max_values) {
      return fail(makeError(ErrorCategory::kLimit, "more than " + std::to_string(limits_.max_values) + " values"));
    }
    return true;
  }
  bool scalar(Type type, const std::string* text) {
    static const std::string kNone;
    return begin() && check(builder_.value(type, text != nullptr ? *text : kNone));
  }
  bool open(Type kind) {
    if (!begin()) return false;
    if (frames_.size() >= limits_.max_depth) {
      return fail(makeError(ErrorCategory::kLimit, "nesting deeper than " + std::to_string(limits_.max_depth)));
    }
    if (!check(builder_.open(kind))) return false;
    frames_.emplace_back().array = kind == Type::kArray;
    return true;
  }
  bool close() {
    open_keys_ -= frames_.back().key_count;
    frames_.pop_back();
    return check(builder_.close());
  }
  bool check(const Status& s) { return s ? true : fail(s.error()); }
  bool fail(Error e) {
    if (!error_) {
      if (e.context.empty()) e.context = "at " + pointer();
      else if (e.context.rfind("byte ", 0) == 0) e.context = "at " + pointer() + ", " + e.context;
      error_ = std::move(e);
    }
    return false;
  }

  const StreamLimits& limits_;
  StreamHandler& builder_;
  std::vector<Frame> frames_;
  std::size_t values_ = 0;
  std::size_t open_keys_ = 0;  // keys held by the open objects' KeySets
  std::optional<Error> error_;
};

}  // namespace
}  // namespace detail

Status readStream(const ByteSource& source, const StreamLimits& limits, StreamHandler& handler) {
  detail::SaxHandler sax(limits, handler);
  detail::ChunkInput input(source, limits);
  // A stop (bound, source error) comes out of the parser as ChunkInput::Stop.
  const auto stopped = [&] {
    Error e = *input.stopped();
    if (e.context.empty()) e.context = "at " + sax.pointer() + ", byte " + std::to_string(input.consumed());
    return e;
  };
  try {
    const bool ok = nlohmann::json::sax_parse(detail::ChunkInput::Iterator(&input), detail::ChunkInput::Iterator(),
                                              &sax, nlohmann::json::input_format_t::json, /*strict=*/true);
    if (input.stopped()) return stopped();
    if (sax.error()) return *sax.error();
    if (!ok) return makeError(ErrorCategory::kParse, "not a JSON document");
    return okStatus();
  } catch (const detail::ChunkInput::Stop&) {
    return stopped();
  } catch (const std::bad_alloc&) {
    return makeError(ErrorCategory::kLimit, "out of memory while reading the document");
  } catch (const std::exception& e) {
    return makeError(ErrorCategory::kInternal, std::string("JSON stream reader: ") + e.what());
  }
}

Status readStream(std::string_view bytes, const StreamLimits& limits, StreamHandler& handler) {
  bool given = false;
  const ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    if (given) return std::span<const std::uint8_t>();
    given = true;
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  };
  return readStream(source, limits, handler);
}

}  // namespace psirt::json
