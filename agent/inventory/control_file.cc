#include "agent/inventory/control_file.h"

#include <algorithm>

namespace psirt::inventory {

namespace {

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Field names: printable ASCII except ':' and space, not starting with '#' or '-'.
bool validFieldName(std::string_view n) {
  if (n.empty() || n[0] == '#' || n[0] == '-') return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return c > 0x20 && c < 0x7f && c != ':'; });
}

}  // namespace

class ControlStream::Parser {
 public:
  Parser(const std::string& file, const std::vector<std::string>& wanted, std::string_view key,
         const ControlLimits& limits, ReaderResult& out, std::function<void(ControlStanza&&)> sink)
      : file_(file), wanted_(wanted), key_(key), limits_(limits), out_(out), sink_(std::move(sink)) {}

  bool stopped() const { return stopped_; }

  // One line without its '\n'; `terminated` is false for a last line without one.
  void line(std::string_view text, bool terminated) {
    if (stopped_) return;
    ++lineNo_;
    if (!terminated) warn(lineNo_, "file ends in the middle of a line (truncated?)");
    handle(text, lineNo_);
  }

  // A line longer than any valid field line (streaming only: not buffered).
  void overlongLine() {
    if (stopped_) return;
    ++lineNo_;
    dropStanza(lineNo_, fieldTooLong());
  }

  void finish() {
    endStanza();
    if (suppressed_ > 0) {
      out_.warn(file_, 0, std::to_string(suppressed_) + " further warnings suppressed");
    }
  }

 private:
  void warn(std::uint32_t line, std::string message) {
    if (warnings_ >= limits_.max_warnings) { ++suppressed_; out_.partial = true; return; }
    ++warnings_;
    out_.warn(file_, line, std::move(message));
  }

  void handle(std::string_view line, std::uint32_t lineNo) {
    if (trim(line).empty() && line.find('\0') == std::string_view::npos) { endStanza(); return; }
    if (line.find('\0') != std::string_view::npos) {
      dropStanza(lineNo, "NUL byte (binary data)");
      return;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (skipping_) return;
      if (!inStanza_) { dropStanza(lineNo, "continuation line outside a stanza"); return; }
      fieldBytes_ += line.size() + 1;
      if (fieldBytes_ > limits_.max_field_bytes) { dropStanza(lineNo, fieldTooLong()); return; }
      if (currentKept_) {
        std::string& v = current_.fields.back().value;
        v.push_back('\n');
        v.append(trim(line));
      }
      return;
    }
    std::size_t colon = line.find(':');
    std::string name;
    if (colon != std::string_view::npos) {
      name.assign(line.substr(0, colon));
      for (char& c : name) c = lowerAscii(c);
    }
    if (colon == std::string_view::npos || !validFieldName(name)) {
      dropStanza(lineNo, "not a 'Field: value' line");
      return;
    }
    std::string_view value = trim(line.substr(colon + 1));
    if (name == key_ && inStanza_ && hasKey_) {
      warn(lineNo, "'" + std::string(line.substr(0, colon)) + "' again without a blank line; starting a new record");
      endStanza();
    }
    if (skipping_ && name == key_) {
      warn(lineNo, "record starts without a blank line before it");
      skipping_ = false;
    }
    if (skipping_) return;
    if (!inStanza_) {
      inStanza_ = true;
      current_ = ControlStanza{};
      current_.line = lineNo;
      seen_.clear();
      hasKey_ = false;
    }
    if (std::find(seen_.begin(), seen_.end(), name) != seen_.end()) {
      dropStanza(lineNo, "duplicate field '" + std::string(line.substr(0, colon)) + "'");
      return;
    }
    seen_.push_back(name);
    if (name == key_) hasKey_ = true;
    fieldBytes_ = value.size();
    if (fieldBytes_ > limits_.max_field_bytes) { dropStanza(lineNo, fieldTooLong()); return; }
    currentKept_ = std::find(wanted_.begin(), wanted_.end(), name) != wanted_.end();
    if (currentKept_) current_.fields.push_back(ControlField{std::move(name), std::string(value), lineNo});
  }

  std::string fieldTooLong() const {
    return "field longer than " + std::to_string(limits_.max_field_bytes) + " bytes";
  }

  void dropStanza(std::uint32_t lineNo, std::string why) {
    if (!skipping_) {
      std::string where = inStanza_ ? " (record from line " + std::to_string(current_.line) + " dropped)" : "";
      warn(lineNo, why + where);
    }
    skipping_ = true;
    inStanza_ = false;
    currentKept_ = false;
  }

  void endStanza() {
    if (inStanza_ && !skipping_) {
      if (stanzas_ >= limits_.max_stanzas) {
        warn(current_.line, "more than " + std::to_string(limits_.max_stanzas) + " records; the rest is ignored");
        stopped_ = true;
      } else {
        ++stanzas_;
        sink_(std::move(current_));
      }
    }
    inStanza_ = false;
    skipping_ = false;
    currentKept_ = false;
    hasKey_ = false;
  }

  // Copies, not references: a stream outlives the full expression that made
  // it (a temporary ControlLimits{} or file name would dangle).
  std::string file_;
  std::vector<std::string> wanted_;
  std::string key_;
  ControlLimits limits_;
  ReaderResult& out_;
  std::function<void(ControlStanza&&)> sink_;
  std::size_t stanzas_ = 0;
  std::uint32_t lineNo_ = 0;
  ControlStanza current_;
  std::vector<std::string> seen_;
  bool inStanza_ = false;
  bool skipping_ = false;
  bool currentKept_ = false;
  bool hasKey_ = false;
  bool stopped_ = false;
  std::size_t fieldBytes_ = 0;
  std::size_t warnings_ = 0;
  std::size_t suppressed_ = 0;
};

const ControlField* ControlStanza::find(std::string_view lower_name) const {
  for (const auto& f : fields) {
    if (f.name == lower_name) return &f;
  }
  return nullptr;
}

std::vector<ControlStanza> parseControl(std::string_view text, const std::string& file,
                                        const std::vector<std::string>& wanted, std::string_view record_key,
                                        const ControlLimits& limits, ReaderResult& out) {
  std::vector<ControlStanza> stanzas;
  ControlStream::Parser parser(file, wanted, record_key, limits, out,
                               [&](ControlStanza&& s) { stanzas.push_back(std::move(s)); });
  std::size_t pos = 0;
  while (pos < text.size() && !parser.stopped()) {
    std::size_t nl = text.find('\n', pos);
    bool last = nl == std::string_view::npos;
    parser.line(text.substr(pos, last ? std::string_view::npos : nl - pos), !last);
    pos = last ? text.size() : nl + 1;
  }
  parser.finish();
  return stanzas;
}

ControlStream::ControlStream(const std::string& file, const std::vector<std::string>& wanted,
                             std::string_view record_key, const ControlLimits& limits, ReaderResult& out,
                             std::function<void(ControlStanza&&)> on_stanza)
    : parser_(std::make_unique<Parser>(file, wanted, record_key, limits, out, std::move(on_stanza))),
      lines_(limits.max_field_bytes + kLineSlack,
             [this](std::string_view text, bool terminated) { parser_->line(text, terminated); },
             [this] { parser_->overlongLine(); }) {}

ControlStream::~ControlStream() = default;

// A stopped parser ignores further lines (the file is still read to its end
// by the caller, within its byte bounds).
void ControlStream::feed(std::string_view bytes) {
  if (!parser_->stopped()) lines_.feed(bytes);
}

void ControlStream::finish() {
  lines_.finish();
  parser_->finish();
}

}  // namespace psirt::inventory
