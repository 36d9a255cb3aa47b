// Binding and unbinding follow NISTIR 7695 §6 (URI) and §6.2 (formatted
// string). The WFN value form is the pivot: both parsers produce it, both
// binders consume it.
#include "agent/identity/cpe.h"

#include <vector>

namespace psirt::identity {

namespace {

constexpr const char* kNames[Cpe::kAttributeCount] = {
    "part", "vendor", "product", "version", "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other"};

Error cpeError(std::string message, std::string_view attribute) {
  return makeError(ErrorCategory::kParse, std::move(message),
                   attribute.empty() ? std::string("cpe") : "cpe " + std::string(attribute));
}

bool isAlnumOrUnderscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool isPrintable(char c) { return c > 0x20 && c < 0x7f; }

// Appends one literal character in WFN form.
void appendLiteral(std::string& out, char c) {
  if (!isAlnumOrUnderscore(c)) out.push_back('\\');
  out.push_back(lowerAscii(c));
}

// Checks that unquoted wildcards sit only at the ends: '*' alone at either
// end, '?' in runs at either end.
Status checkWildcards(const std::string& wfn, std::string_view attribute) {
  std::vector<char> tokens;  // unquoted wildcards as themselves, anything else as 'x'
  for (std::size_t i = 0; i < wfn.size(); ++i) {
    if (wfn[i] == '\\') { ++i; tokens.push_back('x'); continue; }
    tokens.push_back(wfn[i] == '*' || wfn[i] == '?' ? wfn[i] : 'x');
  }
  std::size_t b = 0;
  std::size_t e = tokens.size();
  if (b < e && tokens[b] == '*') ++b;
  else while (b < e && tokens[b] == '?') ++b;
  if (e > b && tokens[e - 1] == '*') --e;
  else while (e > b && tokens[e - 1] == '?') --e;
  for (std::size_t i = b; i < e; ++i) {
    if (tokens[i] != 'x') return cpeError("wildcard inside a value", attribute);
  }
  return okStatus();
}

Result<CpeValue> unbindFs(std::string_view s, std::string_view attribute) {
  if (s.empty()) return cpeError("empty component", attribute);
  if (s == "*") return CpeValue{CpeValue::Kind::kAny, {}};
  if (s == "-") return CpeValue{CpeValue::Kind::kNa, {}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!isPrintable(c)) return cpeError("control, space or non-ASCII byte", attribute);
    if (c == '\\') {
      if (i + 1 >= s.size() || !isPrintable(s[i + 1])) return cpeError("dangling '\\' escape", attribute);
      appendLiteral(out, s[++i]);
    } else if (c == '*' || c == '?') {
      out.push_back(c);
    } else {
      appendLiteral(out, c);
    }
  }
  PSIRT_TRY(checkWildcards(out, attribute));
  return CpeValue{CpeValue::Kind::kValue, std::move(out)};
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<CpeValue> unbindUri(std::string_view s, std::string_view attribute) {
  if (s.empty()) return CpeValue{CpeValue::Kind::kAny, {}};
  if (s == "-") return CpeValue{CpeValue::Kind::kNa, {}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!isPrintable(c)) return cpeError("control, space or non-ASCII byte", attribute);
    if (c != '%') { appendLiteral(out, c); continue; }
    if (i + 2 >= s.size()) return cpeError("truncated percent escape", attribute);
    int hi = hexValue(s[i + 1]);
    int lo = hexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return cpeError("invalid percent escape", attribute);
    int byte = hi * 16 + lo;
    i += 2;
    if (byte == 0x01) out.push_back('?');
    else if (byte == 0x02) out.push_back('*');
    else if (byte > 0x20 && byte < 0x7f) appendLiteral(out, static_cast<char>(byte));
    else return cpeError("percent escape outside printable ASCII", attribute);
  }
  if (out == "*") return CpeValue{CpeValue::Kind::kAny, {}};  // a lone %02 means ANY
  PSIRT_TRY(checkWildcards(out, attribute));
  return CpeValue{CpeValue::Kind::kValue, std::move(out)};
}

Status checkPart(const CpeValue& v) {
  if (v.kind == CpeValue::Kind::kAny) return okStatus();
  if (v.kind == CpeValue::Kind::kValue && (v.value == "a" || v.value == "o" || v.value == "h")) return okStatus();
  return cpeError("part must be a, o or h", "part");
}

std::vector<std::string_view> splitFs(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') { ++i; continue; }
    if (s[i] == ':') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t p = s.find(sep, start);
    if (p == std::string_view::npos) { parts.push_back(s.substr(start)); break; }
    parts.push_back(s.substr(start, p - start));
    start = p + 1;
  }
  return parts;
}

Result<Cpe> parseFs(std::string_view body) {
  auto parts = splitFs(body);
  if (parts.size() != Cpe::kAttributeCount) {
    return cpeError("a 2.3 formatted string has 11 components after 'cpe:2.3:', found " +
                        std::to_string(parts.size()), "");
  }
  Cpe cpe;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    PSIRT_ASSIGN_OR_RETURN(v, unbindFs(parts[i], kNames[i]));
    cpe.attributes[i] = std::move(v);
  }
  PSIRT_TRY(checkPart(cpe[Cpe::kPart]));
  return cpe;
}

Result<Cpe> parseUri(std::string_view body) {
  auto parts = splitOn(body, ':');
  if (parts.size() > 7) return cpeError("a 2.2 URI has at most 7 components", "");
  Cpe cpe;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i == Cpe::kEdition && !parts[i].empty() && parts[i][0] == '~') {
      auto packed = splitOn(parts[i], '~');
      if (packed.size() == 6) {
        static constexpr Cpe::Attribute kPacked[] = {Cpe::kEdition, Cpe::kSwEdition, Cpe::kTargetSw,
                                                     Cpe::kTargetHw, Cpe::kOther};
        for (std::size_t k = 0; k < 5; ++k) {
          PSIRT_ASSIGN_OR_RETURN(v, unbindUri(packed[k + 1], kNames[kPacked[k]]));
          cpe[kPacked[k]] = std::move(v);
        }
        continue;
      }
    }
    PSIRT_ASSIGN_OR_RETURN(v, unbindUri(parts[i], kNames[i]));
    cpe.attributes[i] = std::move(v);
  }
  PSIRT_TRY(checkPart(cpe[Cpe::kPart]));
  return cpe;
}

std::string bindFs(const CpeValue& v) {
  if (v.kind == CpeValue::Kind::kAny) return "*";
  if (v.kind == CpeValue::Kind::kNa) return "-";
  std::string out;
  for (std::size_t i = 0; i < v.value.size(); ++i) {
    if (v.value[i] == '\\' && i + 1 < v.value.size()) {
      char c = v.value[++i];
      if (c != '.' && c != '-' && c != '_') out.push_back('\\');
      out.push_back(c);
    } else {
      out.push_back(v.value[i]);
    }
  }
  return out;
}

std::string bindUri(const CpeValue& v) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (v.kind == CpeValue::Kind::kAny) return "";
  if (v.kind == CpeValue::Kind::kNa) return "-";
  std::string out;
  for (std::size_t i = 0; i < v.value.size(); ++i) {
    char c = v.value[i];
    if (c == '?') { out += "%01"; continue; }
    if (c == '*') { out += "%02"; continue; }
    if (c == '\\' && i + 1 < v.value.size()) {
      c = v.value[++i];
      if (c == '.' || c == '-') {
        out.push_back(c);
      } else {
        auto b = static_cast<unsigned char>(c);
        out.push_back('%');
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
      }
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string Cpe::toFormattedString() const {
  std::string out = "cpe:2.3";
  for (const auto& a : attributes) out += ":" + formattedValue(a);
  return out;
}

std::string Cpe::toUri() const {
  std::vector<std::string> parts;
  for (int i = kPart; i <= kLanguage; ++i) parts.push_back(bindUri(attributes[i]));
  bool packed = false;
  for (int i = kSwEdition; i <= kOther; ++i) packed = packed || attributes[i].kind != CpeValue::Kind::kAny;
  if (packed) {
    parts[kEdition] = "~" + bindUri(attributes[kEdition]) + "~" + bindUri(attributes[kSwEdition]) + "~" +
                      bindUri(attributes[kTargetSw]) + "~" + bindUri(attributes[kTargetHw]) + "~" +
                      bindUri(attributes[kOther]);
  }
  while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  std::string out = "cpe:/";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.push_back(':');
    out += parts[i];
  }
  return out;
}

Result<Cpe> parseCpe(std::string_view text) {
  if (text.size() > kMaxCpeLength) {
    return makeError(ErrorCategory::kLimit, "CPE longer than " + std::to_string(kMaxCpeLength) + " bytes", "cpe");
  }
  auto startsWithNoCase = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (lowerAscii(text[i]) != prefix[i]) return false;
    }
    return true;
  };
  if (startsWithNoCase("cpe:2.3:")) return parseFs(text.substr(8));
  if (startsWithNoCase("cpe:/")) return parseUri(text.substr(5));
  return cpeError("expected 'cpe:2.3:' or 'cpe:/'", "");
}

Result<Cpe> makeCpe(std::string_view part, std::string_view vendor, std::string_view product,
                    std::string_view version) {
  Cpe cpe;
  std::string_view raw[] = {part, vendor, product, version};
  for (std::size_t i = 0; i < 4; ++i) {
    if (raw[i].empty()) continue;
    std::string wfn;
    for (char c : raw[i]) {
      if (!isPrintable(c)) return cpeError("control, space or non-ASCII byte", kNames[i]);
      appendLiteral(wfn, c);
    }
    cpe.attributes[i] = CpeValue{CpeValue::Kind::kValue, std::move(wfn)};
  }
  PSIRT_TRY(checkPart(cpe[Cpe::kPart]));
  return cpe;
}

bool sameCpeProduct(const Cpe& a, const Cpe& b) {
  auto set = [](const CpeValue& v) { return v.kind == CpeValue::Kind::kValue; };
  return set(a[Cpe::kVendor]) && set(a[Cpe::kProduct]) && a[Cpe::kVendor] == b[Cpe::kVendor] &&
         a[Cpe::kProduct] == b[Cpe::kProduct];
}

std::string formattedValue(const CpeValue& value) { return bindFs(value); }

}  // namespace psirt::identity
