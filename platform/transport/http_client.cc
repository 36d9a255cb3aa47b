#include "platform/transport/http_client.h"

#include <algorithm>
#include <chrono>

namespace psirt::transport {

Result<HttpResponse> httpGet(ByteStream& stream, const HttpUrl& url, const RequestOptions& options) {
  Deadline deadline = Deadline::after(options.total_timeout_ms, options.read_timeout_ms);
  std::string request = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.hostHeader() +
                        "\r\nUser-Agent: psirt-agent\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
                        "Connection: close\r\n\r\n";
  PSIRT_ASSIGN_OR_RETURN(wait, deadline.nextWait());
  auto sent = stream.writeAll(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(request.data()), request.size()), wait);
  if (!sent) return sent.error().within(url.toString());
  auto response = readResponse(stream, options.limits, deadline);
  if (!response) return response.error().within(url.toString());
  if (response->status >= 300 && response->status < 400) {
    std::string to = response->header("location").value_or("(no Location)");
    return makeError(ErrorCategory::kIo,
                     "redirect " + std::to_string(response->status) + " to " + to.substr(0, 200) + " not followed",
                     url.toString(), response->status);
  }
  return response;
}

Result<HttpResponse> httpGet(std::string_view url, const RequestOptions& options) {
  PSIRT_ASSIGN_OR_RETURN(parsed, parseHttpUrl(url));
  auto start = std::chrono::steady_clock::now();
  auto stream = connectTcp(parsed.host, parsed.port, std::min(options.total_timeout_ms, options.read_timeout_ms));
  if (!stream) return stream.error().within(parsed.toString());
  // The connection time counts against the overall limit.
  RequestOptions rest = options;
  auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  rest.total_timeout_ms = std::max(1, options.total_timeout_ms - static_cast<int>(spent.count()));
  return httpGet(**stream, parsed, rest);
}

}  // namespace psirt::transport
