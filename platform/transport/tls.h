// TLS client streams over any ByteStream (a TCP connection or a CONNECT
// tunnel through a proxy). The backend (OpenSSL 3 or mbedTLS 2.28) is chosen
// at configure time with PSIRT_CRYPTO_BACKEND; no backend type appears here.
//
// Contract: TLS 1.2 or newer only; the server certificate chain is verified
// against a CA file (PEM bundle, default: the system bundle) and must name the
// host (DNS name via SNI + name check, or an IP literal against an iPAddress
// subjectAltName). An optional SHA-256 pin over the leaf's SubjectPublicKeyInfo
// is checked in addition to (never instead of) chain verification. The
// handshake is bounded by a time limit and by the backend's record limits.
// Errors are one line starting with "tls: " and naming the host, e.g.
// "tls: certificate verify failed for example.org: expired".
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "platform/error/result.h"
#include "platform/transport/stream.h"

namespace psirt::transport {

inline constexpr const char* kDefaultCaFile = "/etc/ssl/certs/ca-certificates.crt";
// The largest CA file accepted: over four times Debian's system bundle
// (~215 KiB, 144 certificates), and small enough that the bytes and the parsed
// certificates stay a fraction of the agent's 16 MB budget.
inline constexpr std::size_t kMaxCaFileBytes = 1 << 20;

struct TlsOptions {
  std::string ca_file;     // PEM bundle of trust anchors; empty means kDefaultCaFile
  std::string spki_pin;    // optional: 64 hex digits, SHA-256 of the leaf's DER SubjectPublicKeyInfo
  int handshake_timeout_ms = 15000;  // also bounded by the caller's deadline
};

// The CA file is never opened by the TLS library: it is read through
// fs::readFile (type checked before the open, non-blocking, at most
// kMaxCaFileBytes) and the bytes are parsed from memory, so a FIFO, device,
// directory or endless file fails at once instead of blocking the handshake.
// checkCaFile(path) reads and parses `path` (empty: kDefaultCaFile) exactly
// as every handshake does, for callers that want a bad file reported before
// they start (the CLI's --ca-file). Errors: kUsage, one line
// "tls: cannot load CA file PATH: <reason>" (not a regular file (fifo), file
// is larger than the limit of N bytes, no certificate or crl found, ...).
Status checkCaFile(const std::string& path);

// Checks a pin's syntax; returns it lower-cased (kUsage naming the problem otherwise).
Result<std::string> normalizeSpkiPin(std::string_view pin);

// True for an IPv4 dotted quad or an IPv6 literal (without brackets).
bool isIpLiteral(const std::string& host);

// Runs a TLS client handshake over `inner` for `host` (a DNS name or an IP
// literal) within timeout_ms. Reads and writes of the returned stream are
// bounded by their own timeout argument as a whole (a server dripping one
// byte at a time cannot stretch one read beyond it). Errors: kSecurity for
// certificate, name and pin failures; kIo for protocol failures (including a
// server offering only TLS 1.0/1.1); kLimit for time-outs; kUsage for a bad
// CA file or pin.
Result<std::unique_ptr<ByteStream>> startTls(std::unique_ptr<ByteStream> inner, const std::string& host,
                                             const TlsOptions& options, int timeout_ms);

}  // namespace psirt::transport
