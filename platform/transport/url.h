// http:// and https:// URLs as the transport accepts them: http://host[:port]/path.
// host is a name, an IPv4 literal or a bracketed IPv6 literal. No user info,
// no fragment; the path (with any query) is sent as given, after checking it
// holds no space or control character (no request splitting).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "platform/error/result.h"

namespace psirt::transport {

struct HttpUrl {
  std::string host;        // without brackets for IPv6
  std::uint16_t port = 80;
  std::string target;      // "/path?query", always starts with '/'
  bool ipv6_literal = false;
  bool https = false;      // scheme https:// (default port 443)

  std::uint16_t defaultPort() const { return https ? 443 : 80; }

  std::string hostHeader() const;  // "host[:port]" with brackets for IPv6
  std::string toString() const;
};

// Fails with kUsage naming the URL and what is wrong with it.
Result<HttpUrl> parseHttpUrl(std::string_view url);

// Like parseHttpUrl, but also accepts https://host[:port]/path.
Result<HttpUrl> parseUrl(std::string_view url);

// Resolves a Location header against the URL it came from: an absolute
// http(s) URL, "//host/path" (base scheme), "/path" or "path" (relative to
// the base's directory; "." and ".." segments are kept as sent).
Result<HttpUrl> resolveReference(const HttpUrl& base, std::string_view ref);

// Same scheme, host (case-insensitive) and port.
bool sameOrigin(const HttpUrl& a, const HttpUrl& b);

// RFC 3986 percent-encoding, the one copy: every byte except the unreserved
// A-Z a-z 0-9 - . _ ~ and those in `keep` becomes %XX (upper-case hex). With
// `keep` empty it is Python's urllib.parse.quote(s, safe=""), which names
// delegated TUF roles' files: the publisher (repo_builder) and the verifier
// (tuf) call this one function so that their names agree byte for byte.
// purl components keep ':' (qualifier values also '/').
std::string percentEncode(std::string_view raw, std::string_view keep = {});

}  // namespace psirt::transport
