// CONNECT tunnels through an HTTP proxy (RFC 9110 §9.3.6). Internal to
// platform/transport: the proxy is only ever the one named in
// RequestOptions::proxy, never taken from environment variables.
#pragma once

#include "platform/error/result.h"
#include "platform/transport/http_response.h"
#include "platform/transport/stream.h"
#include "platform/transport/url.h"

namespace psirt::transport {

// Asks the proxy at the other end of `stream` for a tunnel to target's
// host:port and reads its answer byte by byte (nothing of the tunnelled
// bytes is consumed). A 2xx answer opens the tunnel; anything else, or a
// head longer than 8 KiB, is an error naming the proxy and the status line.
Status openTunnel(ByteStream& stream, const std::string& proxy_name, const HttpUrl& target, const Deadline& deadline);

}  // namespace psirt::transport
