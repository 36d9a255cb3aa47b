// TLS over a ByteStream with mbedTLS 2.28: the ssl context's BIO callbacks
// call the inner stream (direct TCP or a CONNECT tunnel) within the current
// operation's deadline. TLS 1.2 only (2.28 has no production TLS 1.3),
// MBEDTLS_SSL_VERIFY_REQUIRED against the CA file, host name checked by
// mbedtls_ssl_set_hostname (also SNI). mbedTLS 2.28 does not match iPAddress
// subjectAltNames, so for IP literals no SNI is sent and the leaf's
// iPAddress entries are compared here after the chain was verified.
// The CA file is read by detail::readCaFile and parsed from the buffer
// (never mbedtls_x509_crt_parse_file: its fopen blocks on a FIFO).
#include <arpa/inet.h>
#include <mbedtls/asn1.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/oid.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <cstring>
#include <optional>

#include "platform/transport/tls.h"
#include "platform/transport/tls_detail.h"

namespace psirt::transport {
namespace {

using detail::OpDeadline;

std::string mbedError(int ret) {
  char buf[160];
  mbedtls_strerror(ret, buf, sizeof buf);
  return buf;
}

std::string verifyReason(std::uint32_t flags) {
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) return "untrusted issuer";
  if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return "expired";
  if (flags & MBEDTLS_X509_BADCERT_FUTURE) return "not yet valid";
  if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) return "name mismatch";
  char buf[256];
  int n = mbedtls_x509_crt_verify_info(buf, sizeof buf, "", flags);
  std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "flags " + std::to_string(flags);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ';';
  }
  return s;
}

// Parses the CA file's bytes into `chain` as mbedtls_x509_crt_parse_file
// does: PEM from the NUL-terminated text (the length counts the NUL, which
// is how mbedTLS recognises PEM), anything else as one DER certificate.
// r > 0 from mbedTLS: some entries of a system bundle were not understood;
// the rest count, as long as one certificate was.
Status loadTrustAnchors(mbedtls_x509_crt* chain, const std::string& path) {
  PSIRT_ASSIGN_OR_RETURN(bytes, detail::readCaFile(path));
  const bool pem = std::strstr(bytes.c_str(), "-----BEGIN ") != nullptr;
  const int r = mbedtls_x509_crt_parse(chain, reinterpret_cast<const unsigned char*>(bytes.c_str()),
                                       bytes.size() + (pem ? 1 : 0));
  if (r < 0 || chain->version == 0) {
    return detail::caError(path, r < 0 ? mbedError(r) : "no certificate understood");
  }
  return okStatus();
}

// Walks the leaf's extensions for an iPAddress subjectAltName equal to ip.
bool certNamesIp(const mbedtls_x509_crt& crt, const unsigned char* ip, std::size_t ip_len) {
  unsigned char* p = crt.v3_ext.p;
  if (p == nullptr || crt.v3_ext.len == 0) return false;
  const unsigned char* end = p + crt.v3_ext.len;
  std::size_t len = 0;
  if (*p == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 3) &&
      mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | 3) != 0) {
    return false;
  }
  if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) return false;
  end = p + len;
  while (p < end) {
    std::size_t ext_len = 0;
    if (mbedtls_asn1_get_tag(&p, end, &ext_len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) return false;
    unsigned char* ext_end = p + ext_len;
    std::size_t oid_len = 0;
    if (mbedtls_asn1_get_tag(&p, ext_end, &oid_len, MBEDTLS_ASN1_OID) != 0) return false;
    bool is_san = oid_len == MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME) &&
                  std::memcmp(p, MBEDTLS_OID_SUBJECT_ALT_NAME, oid_len) == 0;
    p += oid_len;
    int critical = 0;
    (void)mbedtls_asn1_get_bool(&p, ext_end, &critical);  // optional
    std::size_t oct_len = 0;
    if (mbedtls_asn1_get_tag(&p, ext_end, &oct_len, MBEDTLS_ASN1_OCTET_STRING) != 0) return false;
    if (is_san) {
      unsigned char* q = p;
      const unsigned char* q_end = p + oct_len;
      std::size_t seq_len = 0;
      if (mbedtls_asn1_get_tag(&q, q_end, &seq_len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) return false;
      q_end = q + seq_len;
      while (q < q_end) {
        unsigned char tag = *q++;
        std::size_t l = 0;
        if (mbedtls_asn1_get_len(&q, q_end, &l) != 0) return false;
        if (tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7) && l == ip_len && std::memcmp(q, ip, l) == 0) return true;
        q += l;
      }
    }
    p = ext_end;
  }
  return false;
}

class MbedTlsStream final : public ByteStream {
 public:
  MbedTlsStream(std::unique_ptr<ByteStream> inner, std::string host) : inner_(std::move(inner)), host_(std::move(host)) {
    mbedtls_ssl_init(&ssl_);
    mbedtls_ssl_config_init(&conf_);
    mbedtls_x509_crt_init(&ca_);
    mbedtls_ctr_drbg_init(&drbg_);
    mbedtls_entropy_init(&entropy_);
  }
  ~MbedTlsStream() override {
    mbedtls_ssl_free(&ssl_);
    mbedtls_ssl_config_free(&conf_);
    mbedtls_x509_crt_free(&ca_);
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
  }
  MbedTlsStream(const MbedTlsStream&) = delete;
  MbedTlsStream& operator=(const MbedTlsStream&) = delete;

  Status handshake(const TlsOptions& options, int timeout_ms);

  Result<std::size_t> read(std::span<std::uint8_t> buf, int timeout_ms) override {
    op_.start(timeout_ms);
    io_error_.reset();
    for (;;) {
      int r = mbedtls_ssl_read(&ssl_, buf.data(), buf.size());
      if (r >= 0) return static_cast<std::size_t>(r);
      if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
      if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) return std::size_t{0};
      if (io_error_) return *io_error_;
      if (r == MBEDTLS_ERR_SSL_CONN_EOF) {
        return makeError(ErrorCategory::kIo, "tls: " + host_ + " closed the connection without close_notify");
      }
      return makeError(ErrorCategory::kIo, "tls: read from " + host_ + " failed: " + mbedError(r), {}, r);
    }
  }

  Status writeAll(std::span<const std::uint8_t> data, int timeout_ms) override {
    op_.start(timeout_ms);
    io_error_.reset();
    std::size_t done = 0;
    while (done < data.size()) {
      int r = mbedtls_ssl_write(&ssl_, data.data() + done, data.size() - done);
      if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
      if (r < 0) {
        if (io_error_) return *io_error_;
        return makeError(ErrorCategory::kIo, "tls: write to " + host_ + " failed: " + mbedError(r), {}, r);
      }
      done += static_cast<std::size_t>(r);
    }
    return okStatus();
  }

  static int sendCb(void* self, const unsigned char* buf, std::size_t len) {
    auto* s = static_cast<MbedTlsStream*>(self);
    auto wait = s->op_.left("write");
    if (!wait) return s->fail(wait.error(), MBEDTLS_ERR_NET_SEND_FAILED);
    auto r = s->inner_->writeAll(std::span<const std::uint8_t>(buf, len), *wait);
    if (!r) return s->fail(r.error(), MBEDTLS_ERR_NET_SEND_FAILED);
    return static_cast<int>(len);
  }
  static int recvCb(void* self, unsigned char* buf, std::size_t len) {
    auto* s = static_cast<MbedTlsStream*>(self);
    auto wait = s->op_.left("read");
    if (!wait) return s->fail(wait.error(), MBEDTLS_ERR_NET_RECV_FAILED);
    auto r = s->inner_->read(std::span<std::uint8_t>(buf, len), *wait);
    if (!r) return s->fail(r.error(), MBEDTLS_ERR_NET_RECV_FAILED);
    return static_cast<int>(*r);
  }

 private:
  int fail(Error e, int code) {
    io_error_ = std::move(e);
    return code;
  }
  Status checkPin(const std::string& pin);

  std::unique_ptr<ByteStream> inner_;
  std::string host_;
  mbedtls_ssl_context ssl_;
  mbedtls_ssl_config conf_;
  mbedtls_x509_crt ca_;
  mbedtls_ctr_drbg_context drbg_;
  mbedtls_entropy_context entropy_;
  OpDeadline op_;
  std::optional<Error> io_error_;
};

Status MbedTlsStream::handshake(const TlsOptions& options, int timeout_ms) {
  static const char kPers[] = "psirt-agent tls";
  int r = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_,
                                reinterpret_cast<const unsigned char*>(kPers), sizeof kPers - 1);
  if (r != 0) return makeError(ErrorCategory::kInternal, "tls: cannot seed the random generator: " + mbedError(r));
  PSIRT_TRY(loadTrustAnchors(&ca_, detail::caPath(options.ca_file)));
  r = mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                  MBEDTLS_SSL_PRESET_DEFAULT);
  if (r != 0) return makeError(ErrorCategory::kInternal, "tls: config: " + mbedError(r));
  mbedtls_ssl_conf_min_version(&conf_, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
  mbedtls_ssl_conf_ca_chain(&conf_, &ca_, nullptr);
  mbedtls_ssl_conf_rng(&conf_, mbedtls_ctr_drbg_random, &drbg_);
  mbedtls_ssl_conf_renegotiation(&conf_, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
  r = mbedtls_ssl_setup(&ssl_, &conf_);
  if (r != 0) return makeError(ErrorCategory::kInternal, "tls: setup: " + mbedError(r));
  const bool ip = isIpLiteral(host_);
  if (!ip) {
    r = mbedtls_ssl_set_hostname(&ssl_, host_.c_str());
    if (r != 0) return makeError(ErrorCategory::kUsage, "tls: bad host name " + host_ + ": " + mbedError(r));
  }
  mbedtls_ssl_set_bio(&ssl_, this, sendCb, recvCb, nullptr);

  op_.start(std::min(timeout_ms, options.handshake_timeout_ms));
  do {
    r = mbedtls_ssl_handshake(&ssl_);
  } while (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE);
  if (r != 0) {
    std::uint32_t flags = mbedtls_ssl_get_verify_result(&ssl_);
    if (r == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED && flags != 0 && flags != static_cast<std::uint32_t>(-1)) {
      return detail::certError(host_, verifyReason(flags));
    }
    if (io_error_) return io_error_->within("tls: handshake with " + host_);
    if (r == MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION) return detail::versionError(host_);
    return detail::handshakeError(host_, mbedError(r), r);
  }
  if (ip) {
    unsigned char addr[16];
    std::size_t addr_len = ::inet_pton(AF_INET, host_.c_str(), addr) == 1 ? 4 : 16;
    if (addr_len == 16 && ::inet_pton(AF_INET6, host_.c_str(), addr) != 1) return detail::certError(host_, "bad IP literal");
    const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(&ssl_);
    if (!peer || !certNamesIp(*peer, addr, addr_len)) return detail::certError(host_, "name mismatch");
  }
  if (!options.spki_pin.empty()) PSIRT_TRY(checkPin(options.spki_pin));
  return okStatus();
}

Status MbedTlsStream::checkPin(const std::string& pin) {
  PSIRT_ASSIGN_OR_RETURN(want, normalizeSpkiPin(pin));
  const mbedtls_x509_crt* peer = mbedtls_ssl_get_peer_cert(&ssl_);
  if (!peer) return detail::certError(host_, "no server certificate");
  // The raw DER of SubjectPublicKeyInfo as it appears in the certificate.
  unsigned char md[32];
  if (mbedtls_sha256_ret(peer->pk_raw.p, peer->pk_raw.len, md, 0) != 0) {
    return makeError(ErrorCategory::kInternal, "tls: SHA-256 failed");
  }
  std::string got = detail::hex(md, sizeof md);
  if (got != want) return detail::pinError(host_, got);
  return okStatus();
}

}  // namespace

Status checkCaFile(const std::string& path) {
  mbedtls_x509_crt chain;
  mbedtls_x509_crt_init(&chain);
  Status st = loadTrustAnchors(&chain, detail::caPath(path));
  mbedtls_x509_crt_free(&chain);
  return st;
}

Result<std::unique_ptr<ByteStream>> startTls(std::unique_ptr<ByteStream> inner, const std::string& host,
                                             const TlsOptions& options, int timeout_ms) {
  if (!options.spki_pin.empty()) PSIRT_TRY(normalizeSpkiPin(options.spki_pin));
  auto stream = std::make_unique<MbedTlsStream>(std::move(inner), host);
  PSIRT_TRY(stream->handshake(options, timeout_ms));
  return std::unique_ptr<ByteStream>(std::move(stream));
}

}  // namespace psirt::transport
