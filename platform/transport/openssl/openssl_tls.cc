// TLS over a ByteStream with OpenSSL 3: a custom BIO forwards the record
// bytes to the inner stream, so the same code serves direct TCP and CONNECT
// tunnels. Verification: SSL_VERIFY_PEER against the CA file, host name via
// SSL_set1_host (SNI sent) or IP literal via X509_VERIFY_PARAM_set1_ip_asc
// (no SNI for IP literals, RFC 6066), TLS 1.2 minimum, no renegotiation.
// The CA file is read by detail::readCaFile and parsed from a memory BIO
// (never SSL_CTX_load_verify_locations: its open blocks on a FIFO).
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <mutex>
#include <optional>

#include "platform/transport/tls.h"
#include "platform/transport/tls_detail.h"

namespace psirt::transport {
namespace {

using detail::OpDeadline;

std::string lastSslError() {
  unsigned long e = ERR_peek_last_error();
  if (e == 0) return "unknown error";
  const char* r = ERR_reason_error_string(e);
  return r ? r : "error " + std::to_string(e);
}

std::string verifyReason(long v) {
  switch (v) {
    case X509_V_ERR_CERT_HAS_EXPIRED: return "expired";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "not yet valid";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return "name mismatch";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return "untrusted issuer";
    default: return X509_verify_cert_error_string(v);
  }
}

// Adds every certificate and CRL of the PEM text to `store`: what
// SSL_CTX_load_verify_locations does with a CA file, from memory.
Status addTrustAnchors(X509_STORE* store, const std::string& pem, const std::string& path) {
  ERR_clear_error();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));  // <= kMaxCaFileBytes
  if (!bio) return makeError(ErrorCategory::kInternal, "tls: BIO_new_mem_buf failed");
  STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!infos) return detail::caError(path, lastSslError());
  int added = 0;
  bool failed = false;
  for (int i = 0; i < sk_X509_INFO_num(infos); ++i) {
    const X509_INFO* info = sk_X509_INFO_value(infos, i);
    if (info->x509 != nullptr) {
      failed = failed || X509_STORE_add_cert(store, info->x509) != 1;
      ++added;
    }
    if (info->crl != nullptr) {
      failed = failed || X509_STORE_add_crl(store, info->crl) != 1;
      ++added;
    }
  }
  sk_X509_INFO_pop_free(infos, X509_INFO_free);
  if (failed) return detail::caError(path, lastSslError());
  if (added == 0) return detail::caError(path, "no certificate or crl found");
  return okStatus();
}

Status loadTrustAnchors(X509_STORE* store, const std::string& path) {
  PSIRT_ASSIGN_OR_RETURN(pem, detail::readCaFile(path));
  return addTrustAnchors(store, pem, path);
}

class OpensslTlsStream final : public ByteStream {
 public:
  OpensslTlsStream(std::unique_ptr<ByteStream> inner, std::string host)
      : inner_(std::move(inner)), host_(std::move(host)) {}
  ~OpensslTlsStream() override {
    if (ssl_) SSL_free(ssl_);  // also frees the BIO
    if (ctx_) SSL_CTX_free(ctx_);
  }
  OpensslTlsStream(const OpensslTlsStream&) = delete;
  OpensslTlsStream& operator=(const OpensslTlsStream&) = delete;

  Status handshake(const TlsOptions& options, int timeout_ms);

  Result<std::size_t> read(std::span<std::uint8_t> buf, int timeout_ms) override {
    op_.start(timeout_ms);
    io_error_.reset();
    ERR_clear_error();
    std::size_t n = 0;
    int r = SSL_read_ex(ssl_, buf.data(), buf.size(), &n);
    if (r == 1) return n;
    int e = SSL_get_error(ssl_, r);
    if (e == SSL_ERROR_ZERO_RETURN) return std::size_t{0};  // close_notify
    if (io_error_) return *io_error_;
    if (ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
      return makeError(ErrorCategory::kIo, "tls: " + host_ + " closed the connection without close_notify");
    }
    return makeError(ErrorCategory::kIo, "tls: read from " + host_ + " failed: " + lastSslError());
  }

  Status writeAll(std::span<const std::uint8_t> data, int timeout_ms) override {
    op_.start(timeout_ms);
    io_error_.reset();
    ERR_clear_error();
    std::size_t done = 0;
    while (done < data.size()) {
      std::size_t n = 0;
      if (SSL_write_ex(ssl_, data.data() + done, data.size() - done, &n) != 1) {
        if (io_error_) return *io_error_;
        return makeError(ErrorCategory::kIo, "tls: write to " + host_ + " failed: " + lastSslError());
      }
      done += n;
    }
    return okStatus();
  }

  // BIO callbacks: blocking reads/writes on the inner stream within op_.
  int bioRead(char* out, int len) {
    auto wait = op_.left("read");
    if (!wait) return fail(wait.error());
    auto n = inner_->read(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(out), static_cast<std::size_t>(len)), *wait);
    if (!n) return fail(n.error());
    return static_cast<int>(*n);
  }
  int bioWrite(const char* in, int len) {
    auto wait = op_.left("write");
    if (!wait) return fail(wait.error());
    auto s = inner_->writeAll(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(in), static_cast<std::size_t>(len)), *wait);
    if (!s) return fail(s.error());
    return len;
  }

 private:
  int fail(Error e) {
    io_error_ = std::move(e);
    return -1;
  }
  Status checkPin(const std::string& pin);

  std::unique_ptr<ByteStream> inner_;
  std::string host_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  OpDeadline op_;
  std::optional<Error> io_error_;
};

OpensslTlsStream* owner(BIO* b) { return static_cast<OpensslTlsStream*>(BIO_get_data(b)); }
int bioWriteCb(BIO* b, const char* in, int len) { return owner(b)->bioWrite(in, len); }
int bioReadCb(BIO* b, char* out, int len) { return owner(b)->bioRead(out, len); }
long bioCtrlCb(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }
int bioCreateCb(BIO* b) {
  BIO_set_init(b, 1);
  return 1;
}

BIO_METHOD* streamMethod() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "psirt ByteStream");
    BIO_meth_set_write(m, bioWriteCb);
    BIO_meth_set_read(m, bioReadCb);
    BIO_meth_set_ctrl(m, bioCtrlCb);
    BIO_meth_set_create(m, bioCreateCb);
    return m;
  }();
  return method;
}

Status OpensslTlsStream::handshake(const TlsOptions& options, int timeout_ms) {
  ERR_clear_error();
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) return makeError(ErrorCategory::kInternal, "tls: SSL_CTX_new failed: " + lastSslError());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx_, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_max_cert_list(ctx_, 64 * 1024);  // bounds the certificate chain we accept
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_verify_depth(ctx_, 8);
  PSIRT_TRY(loadTrustAnchors(SSL_CTX_get_cert_store(ctx_), detail::caPath(options.ca_file)));
  ssl_ = SSL_new(ctx_);
  if (!ssl_) return makeError(ErrorCategory::kInternal, "tls: SSL_new failed: " + lastSslError());
  if (isIpLiteral(host_)) {
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host_.c_str()) != 1) {
      return makeError(ErrorCategory::kUsage, "tls: bad IP literal " + host_);
    }
  } else {
    SSL_set_hostflags(ssl_, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl_, host_.c_str()) != 1 ||
        SSL_ctrl(ssl_, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host_.c_str())) != 1) {
      return makeError(ErrorCategory::kUsage, "tls: bad host name " + host_);
    }
  }
  BIO* bio = BIO_new(streamMethod());
  if (!bio) return makeError(ErrorCategory::kInternal, "tls: BIO_new failed");
  BIO_set_data(bio, this);
  SSL_set_bio(ssl_, bio, bio);

  op_.start(std::min(timeout_ms, options.handshake_timeout_ms));
  int r = SSL_connect(ssl_);
  if (r != 1) {
    long v = SSL_get_verify_result(ssl_);
    if (v != X509_V_OK) return detail::certError(host_, verifyReason(v));
    if (io_error_) return io_error_->within("tls: handshake with " + host_);
    int reason = ERR_GET_REASON(ERR_peek_last_error());
    if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION ||
        reason == SSL_R_WRONG_SSL_VERSION || reason == SSL_R_NO_PROTOCOLS_AVAILABLE) {
      return detail::versionError(host_);
    }
    return detail::handshakeError(host_, lastSslError());
  }
  if (!options.spki_pin.empty()) PSIRT_TRY(checkPin(options.spki_pin));
  return okStatus();
}

Status OpensslTlsStream::checkPin(const std::string& pin) {
  PSIRT_ASSIGN_OR_RETURN(want, normalizeSpkiPin(pin));
  X509* cert = SSL_get0_peer_certificate(ssl_);
  if (!cert) return detail::certError(host_, "no server certificate");
  unsigned char* der = nullptr;
  int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
  if (len <= 0) return detail::certError(host_, "cannot encode the server key");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  int ok = EVP_Digest(der, static_cast<std::size_t>(len), md, &md_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  if (ok != 1) return makeError(ErrorCategory::kInternal, "tls: SHA-256 failed");
  std::string got = detail::hex(md, md_len);
  if (got != want) return detail::pinError(host_, got);
  return okStatus();
}

}  // namespace

Status checkCaFile(const std::string& path) {
  X509_STORE* store = X509_STORE_new();
  if (!store) return makeError(ErrorCategory::kInternal, "tls: X509_STORE_new failed");
  Status st = loadTrustAnchors(store, detail::caPath(path));
  X509_STORE_free(store);
  return st;
}

Result<std::unique_ptr<ByteStream>> startTls(std::unique_ptr<ByteStream> inner, const std::string& host,
                                             const TlsOptions& options, int timeout_ms) {
  if (!options.spki_pin.empty()) PSIRT_TRY(normalizeSpkiPin(options.spki_pin));
  auto stream = std::make_unique<OpensslTlsStream>(std::move(inner), host);
  PSIRT_TRY(stream->handshake(options, timeout_ms));
  return std::unique_ptr<ByteStream>(std::move(stream));
}

}  // namespace psirt::transport
