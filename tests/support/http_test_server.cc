#include "tests/support/http_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace psirt::test {

HttpTestServer::HttpTestServer(std::size_t max_requests) : max_requests_(max_requests) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return;
  }
  fd_ = fd;
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { loop(); });
}

HttpTestServer::~HttpTestServer() {
  if (fd_ < 0) return;
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  thread_.join();
}

std::string HttpTestServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpTestServer::serve(std::map<std::string, std::string> files) {
  std::lock_guard<std::mutex> lock(mu_);
  files_ = std::move(files);
}

std::vector<std::string> HttpTestServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void HttpTestServer::clearRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.clear();
}

void HttpTestServer::loop() {
  for (std::size_t served = 0; served < max_requests_; ++served) {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;  // shut down
    answer(c);
    ::close(c);
  }
}

void HttpTestServer::answer(int fd) {
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    head.append(buf, static_cast<std::size_t>(n));
  }
  // "GET /target HTTP/1.1"
  std::size_t sp1 = head.find(' ');
  std::size_t sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
  std::string target = sp2 == std::string::npos ? "" : head.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string response;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(target);
    auto it = files_.find(target);
    if (it == files_.end()) {
      response = "HTTP/1.0 404 File not found\r\nContent-Length: 0\r\n\r\n";
    } else {
      response = "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(it->second.size()) + "\r\n\r\n" + it->second;
    }
  }
  std::size_t done = 0;
  while (done < response.size()) {
    ssize_t n = ::send(fd, response.data() + done, response.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace psirt::test
