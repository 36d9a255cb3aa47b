// os-release(5): KEY=value lines with shell-like quoting. We implement the
// subset the man page allows (double quotes with \" \\ \$ \` escapes, single
// quotes, unquoted values without spaces) and never expand anything.
#include "agent/identity/cpe.h"
#include "agent/inventory/reader_util.h"
#include "agent/inventory/readers.h"

namespace psirt::inventory {

namespace {

constexpr std::size_t kMaxOsReleaseLines = 1000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool validKey(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Unquotes one value; fails on an unterminated quote or trailing text.
Result<std::string> unquote(std::string_view v) {
  std::string out;
  if (v.empty()) return out;
  char q = v.front();
  if (q != '"' && q != '\'') {
    for (char c : v) {
      if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '`' || c == '$' || c == '\\') {
        return makeError(ErrorCategory::kParse, "unquoted value with spaces or shell characters");
      }
    }
    return std::string(v);
  }
  std::size_t i = 1;
  for (; i < v.size(); ++i) {
    char c = v[i];
    if (c == q) break;
    if (q == '"' && c == '\\' && i + 1 < v.size() &&
        (v[i + 1] == '"' || v[i + 1] == '\\' || v[i + 1] == '$' || v[i + 1] == '`')) {
      out.push_back(v[++i]);
      continue;
    }
    out.push_back(c);
  }
  if (i >= v.size()) return makeError(ErrorCategory::kParse, "unterminated quote");
  if (i + 1 != v.size()) return makeError(ErrorCategory::kParse, "text after the closing quote");
  return out;
}

// os-release(5): ID, each word of ID_LIKE and VERSION_ID are lower-case
// a-z, 0-9, '.', '_' and '-'. They land in purl namespaces and the distro
// qualifier, so nothing else may pass (docs/formats/inventory.md).
constexpr std::size_t kMaxIdBytes = 64;
bool osIdentifier(std::string_view v) {
  if (v.empty() || v.size() > kMaxIdBytes) return false;
  for (char c : v) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

bool osIdentifierList(std::string_view v) {  // ID_LIKE: space-separated identifiers
  if (v.empty()) return false;
  while (!v.empty()) {
    const std::size_t sp = v.find(' ');
    if (!osIdentifier(v.substr(0, sp))) return false;
    v = sp == std::string_view::npos ? std::string_view() : v.substr(sp + 1);
  }
  return true;
}

bool hasControl(std::string_view v) {
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

}  // namespace

OsInfo parseOsRelease(std::string_view text, const std::string& file, ReaderResult& out) {
  OsInfo os;
  std::size_t pos = 0;
  std::uint32_t lineNo = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (++lineNo > kMaxOsReleaseLines) {
      out.warn(file, lineNo, "more than " + std::to_string(kMaxOsReleaseLines) + " lines; the rest ignored");
      break;
    }
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || !validKey(line.substr(0, eq)) ||
        line.find('\0') != std::string_view::npos) {
      out.warn(file, lineNo, "not a KEY=value line");
      continue;
    }
    std::string_view key = line.substr(0, eq);
    auto value = unquote(line.substr(eq + 1));
    if (!value) {
      out.warn(file, lineNo, std::string(key) + ": " + value.error().message);
      continue;
    }
    const bool is_id = key == "ID", is_like = key == "ID_LIKE", is_version = key == "VERSION_ID";
    if (is_id || is_like || is_version) {
      std::string v = is_version ? *value : lower(*value);
      if (!(is_like ? osIdentifierList(v) : osIdentifier(v))) {
        out.warn(file, lineNo, std::string(key) + ": not an os-release identifier (lower-case a-z, 0-9, '.', '_', '-'" +
                                   (is_like ? ", separated by spaces" : "") + ", at most 64 characters); ignored");
        continue;
      }
      (is_id ? os.id : is_like ? os.id_like : os.version_id) = std::move(v);
    } else if (key == "PRETTY_NAME") {
      // Printed in tables and reports: no terminal control sequences.
      if (hasControl(*value)) out.warn(file, lineNo, "PRETTY_NAME: control characters in the value; ignored");
      else os.pretty_name = *value;
    } else if (key == "CPE_NAME") {
      auto cpe = identity::parseCpe(*value);
      if (cpe) os.cpe = cpe->toFormattedString();
      else out.warn(file, lineNo, "CPE_NAME: " + cpe.error().describe());
    }
  }
  return os;
}

ReaderResult readOsRelease(const std::string& sysroot, OsInfo& os, std::size_t max_file_bytes) {
  ReaderResult out;
  out.ecosystem = Ecosystem::kOs;
  std::string used;
  for (std::string_view relative : {"etc/os-release", "usr/lib/os-release"}) {
    std::string host = detail::hostPath(sysroot, relative);
    if (detail::pathKind(sysroot, relative) == detail::PathKind::kMissing) continue;
    out.present = true;
    auto text = detail::readOrWarn(sysroot, relative, max_file_bytes, out);
    if (!text) continue;  // try the fallback
    os = parseOsRelease(*text, host, out);
    used = "/" + std::string(relative);
    break;
  }
  std::string cpeHost = detail::hostPath(sysroot, "etc/system-release-cpe");
  if (detail::pathKind(sysroot, "etc/system-release-cpe") != detail::PathKind::kMissing) {
    out.present = true;
    if (auto text = detail::readOrWarn(sysroot, "etc/system-release-cpe", 4096, out)) {
      std::string_view first = *text;
      first = trim(first.substr(0, first.find('\n')));
      auto cpe = identity::parseCpe(first);
      if (cpe) {
        os.cpe = cpe->toFormattedString();
        if (used.empty()) used = "/etc/system-release-cpe";
      } else {
        out.warn(cpeHost, 1, cpe.error().describe());
      }
    }
  }
  if (!used.empty() && (!os.id.empty() || !os.cpe.empty())) {
    Item item;
    item.ecosystem = Ecosystem::kOs;
    item.name = os.id.empty() ? "unknown" : os.id;
    item.version = os.version_id;
    item.cpe = os.cpe;
    item.detail = os.pretty_name;
    item.purl = detail::purlString("generic", "os", item.name, os.version_id);
    item.evidence.path = used;
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace psirt::inventory
