#include "platform/transport/url.h"

#include <charconv>

namespace psirt::transport {
namespace {

Error bad(std::string_view url, std::string what) {
  return makeError(ErrorCategory::kUsage, std::move(what), "URL " + std::string(url.substr(0, 200)));
}

bool isHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

std::string HttpUrl::hostHeader() const {
  std::string h = ipv6_literal ? "[" + host + "]" : host;
  if (port != defaultPort()) h += ":" + std::to_string(port);
  return h;
}

std::string HttpUrl::toString() const { return (https ? "https://" : "http://") + hostHeader() + target; }

Result<HttpUrl> parseHttpUrl(std::string_view url) {
  if (url.substr(0, 8) == "https://") return bad(url, "only http://host[:port]/path URLs are supported");
  return parseUrl(url);
}

Result<HttpUrl> parseUrl(std::string_view url) {
  const bool https = url.substr(0, 8) == "https://";
  const std::string_view kScheme = https ? "https://" : "http://";
  if (url.size() > 8192) return bad(url, "longer than 8192 bytes");
  if (url.size() < kScheme.size() || url.substr(0, kScheme.size()) != kScheme) {
    return bad(url, "only http(s)://host[:port]/path URLs are supported");
  }
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return bad(url, "space or control character in URL");
  }
  std::string_view rest = url.substr(kScheme.size());
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  HttpUrl out;
  out.https = https;
  out.port = out.defaultPort();
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.target.find('#') != std::string::npos) return bad(url, "fragment not allowed");
  if (authority.find('@') != std::string_view::npos) return bad(url, "user info not allowed");
  if (authority.empty()) return bad(url, "empty host");

  std::string_view port_text;
  if (authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad(url, "unterminated IPv6 literal");
    std::string_view lit = authority.substr(1, close - 1);
    if (lit.empty()) return bad(url, "empty IPv6 literal");
    for (char c : lit) {
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
                c == '.';
      if (!ok) return bad(url, "bad character in IPv6 literal");
    }
    out.host = std::string(lit);
    out.ipv6_literal = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad(url, "garbage after IPv6 literal");
      port_text = after.substr(1);
      if (port_text.empty()) return bad(url, "empty port");
    }
  } else {
    std::size_t colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (host.empty()) return bad(url, "empty host");
    for (char c : host) {
      if (!isHostChar(c)) return bad(url, "bad character in host name");
    }
    out.host = std::string(host);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad(url, "empty port");
    }
  }
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || value == 0 || value > 65535 ||
        port_text.size() > 5) {
      return bad(url, "port must be 1..65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

Result<HttpUrl> resolveReference(const HttpUrl& base, std::string_view ref) {
  if (ref.substr(0, 7) == "http://" || ref.substr(0, 8) == "https://") return parseUrl(ref);
  if (ref.substr(0, 2) == "//") return parseUrl((base.https ? "https:" : "http:") + std::string(ref));
  if (ref.empty() || ref.find("://") != std::string_view::npos) return bad(ref, "unsupported redirect target");
  std::string path;
  if (ref.front() == '/') {
    path = std::string(ref);
  } else {
    std::string dir = base.target.substr(0, base.target.find('?'));
    path = dir.substr(0, dir.rfind('/') + 1) + std::string(ref);
  }
  HttpUrl copy = base;
  copy.target = "/";
  std::string prefix = copy.toString();
  return parseUrl(prefix.substr(0, prefix.size() - 1) + path);
}

std::string percentEncode(std::string_view raw, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(raw.size());
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || keep.find(ch) != std::string_view::npos) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool sameOrigin(const HttpUrl& a, const HttpUrl& b) {
  if (a.https != b.https || a.port != b.port || a.host.size() != b.host.size()) return false;
  for (std::size_t i = 0; i < a.host.size(); ++i) {
    char x = a.host[i], y = b.host[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace psirt::transport
