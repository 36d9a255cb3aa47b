#include "platform/transport/proxy.h"

namespace psirt::transport {

Status openTunnel(ByteStream& stream, const std::string& proxy_name, const HttpUrl& target,
                  const Deadline& deadline) {
  const std::string authority = (target.ipv6_literal ? "[" + target.host + "]" : target.host) + ":" +
                                std::to_string(target.port);
  const std::string context = "proxy " + proxy_name;
  std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority +
                        "\r\nUser-Agent: psirt-agent\r\n\r\n";
  PSIRT_ASSIGN_OR_RETURN(wait, deadline.nextWait());
  auto sent = stream.writeAll(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(request.data()), request.size()), wait);
  if (!sent) return sent.error().within(context);
  constexpr std::size_t kMaxHead = 8192;
  std::string head;
  while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
    if (head.size() >= kMaxHead) {
      return makeError(ErrorCategory::kLimit, "CONNECT answer longer than 8192 bytes", context);
    }
    PSIRT_ASSIGN_OR_RETURN(w, deadline.nextWait());
    std::uint8_t byte = 0;
    auto n = stream.read(std::span<std::uint8_t>(&byte, 1), w);
    if (!n) return n.error().within(context);
    if (*n == 0) return makeError(ErrorCategory::kIo, "closed the connection during CONNECT " + authority, context);
    head.push_back(static_cast<char>(byte));
  }
  std::string status_line = head.substr(0, head.find("\r\n"));
  for (char& c : status_line) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  bool ok = status_line.size() >= 12 &&
            (status_line.compare(0, 9, "HTTP/1.1 ") == 0 || status_line.compare(0, 9, "HTTP/1.0 ") == 0) &&
            status_line[9] == '2';
  if (!ok) {
    return makeError(ErrorCategory::kIo, "refused CONNECT " + authority + ": '" + status_line.substr(0, 80) + "'", context);
  }
  return okStatus();
}

}  // namespace psirt::transport
