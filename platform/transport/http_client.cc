#include "platform/transport/http_client.h"

#include <algorithm>
#include <chrono>

#include "platform/transport/proxy.h"

namespace psirt::transport {
namespace {

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Milliseconds left before the overall deadline (at least 1).
int totalLeft(const Deadline& deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline.end - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(ms.count(), 1, 1 << 30));
}

// One request and its response (3xx included) on an open stream.
Result<HttpResponse> exchange(ByteStream& stream, const HttpUrl& url, const RequestOptions& options,
                              const Deadline& deadline) {
  std::string request = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.hostHeader() +
                        "\r\nUser-Agent: psirt-agent\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
                        "Connection: close\r\n\r\n";
  PSIRT_ASSIGN_OR_RETURN(wait, deadline.nextWait());
  auto sent = stream.writeAll(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(request.data()), request.size()), wait);
  if (!sent) return sent.error();
  return readResponse(stream, options.limits, deadline, options.progress);
}

// TCP to the server or to the proxy (then a CONNECT tunnel), then TLS for https.
Result<std::unique_ptr<ByteStream>> openStream(const HttpUrl& url, const RequestOptions& options,
                                               const Deadline& deadline) {
  std::unique_ptr<ByteStream> stream;
  if (options.proxy.empty()) {
    PSIRT_ASSIGN_OR_RETURN(tcp, connectTcp(url.host, url.port, std::min(totalLeft(deadline), options.read_timeout_ms)));
    stream = std::move(tcp);
  } else {
    auto proxy = parseHttpUrl(options.proxy);
    if (!proxy || proxy->target != "/") {
      return makeError(ErrorCategory::kUsage, "proxy must be http://host:port", "proxy " + options.proxy.substr(0, 200));
    }
    const std::string name = proxy->hostHeader();
    auto tcp = connectTcp(proxy->host, proxy->port, std::min(totalLeft(deadline), options.read_timeout_ms));
    if (!tcp) return tcp.error().within("proxy " + name);
    PSIRT_TRY(openTunnel(**tcp, name, url, deadline));
    stream = std::move(*tcp);
  }
  if (url.https) {
    PSIRT_ASSIGN_OR_RETURN(tls, startTls(std::move(stream), url.host, options.tls, totalLeft(deadline)));
    stream = std::move(tls);
  }
  return stream;
}

Error redirectError(const HttpResponse& response, const std::string& what, const std::string& location,
                    const HttpUrl& from) {
  return makeError(ErrorCategory::kIo,
                   "redirect " + std::to_string(response.status) + " to " + location.substr(0, 200) + " " + what,
                   from.toString(), response.status);
}

}  // namespace

Result<HttpResponse> httpGet(ByteStream& stream, const HttpUrl& url, const RequestOptions& options) {
  Deadline deadline = Deadline::after(options.total_timeout_ms, options.read_timeout_ms);
  auto response = exchange(stream, url, options, deadline);
  if (!response) return response.error().within(url.toString());
  if (response->status >= 300 && response->status < 400) {
    std::string to = response->header("location").value_or("(no Location)");
    return redirectError(*response, "not followed", to, url);
  }
  return response;
}

Result<HttpResponse> httpGet(std::string_view url, const RequestOptions& options) {
  Deadline deadline = Deadline::after(options.total_timeout_ms, options.read_timeout_ms);
  PSIRT_ASSIGN_OR_RETURN(current, parseUrl(url));
  if (!current.https && !options.allow_insecure_http) {
    return makeError(ErrorCategory::kUsage, "plain http:// refused: use https:// or allow insecure HTTP explicitly",
                     current.toString());
  }
  for (int hop = 0;; ++hop) {
    auto stream = openStream(current, options, deadline);
    if (!stream) return stream.error().within(current.toString());
    auto response = exchange(**stream, current, options, deadline);
    if (!response) return response.error().within(current.toString());
    if (!isRedirect(response->status)) return response;

    auto location = response->header("location");
    if (!location) return redirectError(*response, "without a Location header", "(nothing)", current);
    auto next = resolveReference(current, *location);
    if (!next) return redirectError(*response, "refused: " + next.error().message, *location, current);
    if (current.https && !next->https) return redirectError(*response, "refused: https to http", *location, current);
    if (!sameOrigin(current, *next)) {
      return redirectError(*response, "refused: another host (only same-host redirects are followed)", *location,
                           current);
    }
    if (hop >= options.max_redirects) {
      Error e = redirectError(*response, "refused: more than " + std::to_string(options.max_redirects) + " redirects",
                              *location, current);
      e.category = ErrorCategory::kLimit;
      return e;
    }
    current = std::move(*next);
  }
}

}  // namespace psirt::transport
