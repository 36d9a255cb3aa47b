// Plain TCP for ByteStream: non-blocking sockets, every wait through poll()
// with the caller's time-out, SIGPIPE suppressed per send (MSG_NOSIGNAL).
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "platform/transport/stream.h"

namespace psirt::transport {
namespace {

class TcpStream final : public ByteStream {
 public:
  TcpStream(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}
  ~TcpStream() override { ::close(fd_); }
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;

  Result<std::size_t> read(std::span<std::uint8_t> buf, int timeout_ms) override {
    for (;;) {
      PSIRT_TRY(waitFor(POLLIN, timeout_ms, "read"));
      ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;  // spurious wake-up
      return makeError(ErrorCategory::kIo, std::string("recv: ") + std::strerror(errno), peer_, errno);
    }
  }

  Status writeAll(std::span<const std::uint8_t> data, int timeout_ms) override {
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        PSIRT_TRY(waitFor(POLLOUT, timeout_ms, "write"));
        continue;
      }
      return makeError(ErrorCategory::kIo, std::string("send: ") + std::strerror(errno), peer_, errno);
    }
    return okStatus();
  }

 private:
  Status waitFor(short events, int timeout_ms, const char* what) {
    pollfd p{fd_, events, 0};
    for (;;) {
      int r = ::poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
      if (r > 0) return okStatus();
      if (r == 0) {
        return makeError(ErrorCategory::kLimit, std::string(what) + " timed out after " +
                                                    std::to_string(timeout_ms) + " ms", peer_);
      }
      if (errno != EINTR) {
        return makeError(ErrorCategory::kIo, std::string("poll: ") + std::strerror(errno), peer_, errno);
      }
    }
  }

  int fd_;
  std::string peer_;
};

}  // namespace

Result<std::unique_ptr<ByteStream>> connectTcp(const std::string& host, std::uint16_t port,
                                               int timeout_ms) {
  const std::string peer = host + " port " + std::to_string(port);
  auto start = std::chrono::steady_clock::now();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int gai = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
  if (gai != 0) {
    return makeError(ErrorCategory::kIo, std::string("cannot resolve: ") + ::gai_strerror(gai), peer, gai);
  }
  Error last = makeError(ErrorCategory::kIo, "no address to connect to", peer);
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    int left = timeout_ms - static_cast<int>(elapsed.count());
    if (left <= 0) {
      last = makeError(ErrorCategory::kLimit, "connect timed out after " + std::to_string(timeout_ms) + " ms", peer);
      break;
    }
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last = makeError(ErrorCategory::kIo, std::string("socket: ") + std::strerror(errno), peer, errno);
      continue;
    }
    int r = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int pr;
      do {
        pr = ::poll(&p, 1, left);
      } while (pr < 0 && errno == EINTR);
      if (pr == 0) {
        ::close(fd);
        last = makeError(ErrorCategory::kLimit, "connect timed out after " + std::to_string(timeout_ms) + " ms", peer);
        continue;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      r = err == 0 ? 0 : -1;
      errno = err;
    }
    if (r != 0) {
      last = makeError(ErrorCategory::kIo, std::string("connect: ") + std::strerror(errno), peer, errno);
      ::close(fd);
      continue;
    }
    ::freeaddrinfo(res);
    return std::unique_ptr<ByteStream>(std::make_unique<TcpStream>(fd, peer));
  }
  ::freeaddrinfo(res);
  return last;
}

}  // namespace psirt::transport
