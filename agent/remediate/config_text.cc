// ini and key=value files, line by line (config_edit.h).
//
// A line is everything up to '\n' (a '\r' before it belongs to the line
// ending). Blank lines and lines whose first non-blank byte is '#' or ';' are
// comments. ini: "[name]" (blanks around the name ignored) starts a section;
// lines before the first header are section "". An entry is "key<sep>value":
// sep is the first '=' (key=value) or the first '=' or ':' (ini); blanks
// (space, tab) around the key and around the value are not part of them.
// Keys compare byte for byte (case-sensitive). When a key appears more than
// once in its scope the LAST one counts (what most readers do).
// A missing key is inserted as "key=value\n": ini after the last non-blank
// line of its section (or, for a missing section, "\n[section]\n" + entry at
// the end of the file); key=value at the end of the file.
#include <algorithm>

#include "agent/remediate/config_edit.h"

namespace psirt::remediate {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

Status validate(const action::SetConfig& s, const std::string& shown) {
  auto bad = [&](const std::string& what) { return makeError(ErrorCategory::kParse, what, shown); };
  const bool ini = s.format == action::ConfigFormat::kIni;
  auto has_break = [](std::string_view v) { return v.find_first_of("\r\n") != std::string_view::npos; };
  if (s.key.empty() || has_break(s.key) || trim(s.key) != s.key) return bad("key '" + s.key + "' is empty or has a line break or blank at an end");
  if (s.key.find('=') != std::string::npos || (ini && s.key.find(':') != std::string::npos)) {
    return bad("key '" + s.key + "' contains its separator");
  }
  if (s.key.front() == '#' || s.key.front() == ';' || (ini && s.key.front() == '[')) {
    return bad("key '" + s.key + "' would read as a comment or a section");
  }
  if (has_break(s.value) || trim(s.value) != s.value) {
    return bad("value for '" + s.key + "' has a line break or a blank at an end");
  }
  if (ini && (has_break(s.section) || s.section.find(']') != std::string::npos || trim(s.section) != s.section)) {
    return bad("section '" + s.section + "' cannot be written as a header");
  }
  return okStatus();
}

}  // namespace

Result<KeyLocation> locateTextKey(std::string_view text, const action::SetConfig& s, const std::string& shown) {
  PSIRT_TRY(validate(s, shown));
  const bool ini = s.format == action::ConfigFormat::kIni;
  KeyLocation loc;
  std::string section;           // current section
  bool section_seen = s.section.empty();
  std::size_t insert_at = 0;     // after the last non-blank line of the target section
  bool insert_needs_break = false;
  for (std::size_t ls = 0; ls < text.size();) {
    const std::size_t nl = text.find('\n', ls);
    const std::size_t le = nl == std::string_view::npos ? text.size() : nl;
    const std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::size_t ce = le;
    if (ce > ls && text[ce - 1] == '\r') --ce;
    const std::string_view line = text.substr(ls, ce - ls);
    const std::string_view body = trim(line);
    const bool in_target = !ini || section == s.section;
    if (!body.empty()) {
      if (ini && body.front() == '[' && body.back() == ']') {
        section = std::string(trim(body.substr(1, body.size() - 2)));
        if (section == s.section) {
          section_seen = true;
          insert_at = next;
          insert_needs_break = nl == std::string_view::npos;
        }
      } else {
        if (in_target) {
          insert_at = next;
          insert_needs_break = nl == std::string_view::npos;
        }
        const bool comment = body.front() == '#' || body.front() == ';';
        const std::size_t sep = ini ? line.find_first_of("=:") : line.find('=');
        if (!comment && sep != std::string_view::npos && in_target && trim(line.substr(0, sep)) == s.key) {
          std::size_t vb = ls + sep + 1;
          while (vb < ce && blank(text[vb])) ++vb;
          std::size_t ve = ce;
          while (ve > vb && blank(text[ve - 1])) --ve;
          loc.found = true;
          loc.begin = vb;
          loc.end = ve;
          loc.entry_begin = ls;
          loc.entry_end = next;
        }
      }
    }
    ls = next;
  }
  if (loc.found) return loc;
  const bool ends_open = !text.empty() && text.back() != '\n';
  if (!ini || section_seen) {
    loc.begin = ini ? insert_at : text.size();
    loc.prefix = (ini ? insert_needs_break : ends_open) ? "\n" : "";
  } else {
    loc.begin = text.size();
    loc.prefix = std::string(ends_open ? "\n" : "") + (text.empty() ? "" : "\n") + "[" + s.section + "]\n";
  }
  loc.prefix += s.key + "=";
  loc.suffix = "\n";
  loc.end = loc.begin;
  return loc;
}

}  // namespace psirt::remediate
