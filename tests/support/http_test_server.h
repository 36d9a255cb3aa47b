// A loopback HTTP/1.0 server for tests: serves an in-memory file map (like
// Python's http.server: Content-Length, connection closed after each
// response, 404 for a missing file) and records every request target in
// order. Runs on its own thread until destroyed; bounded: at most
// max_requests answered, request heads up to 8 KiB.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace psirt::test {

class HttpTestServer {
 public:
  explicit HttpTestServer(std::size_t max_requests = 10000);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path
  std::string url(const std::string& path) const;

  // Replaces what is served: request target (e.g. "/t/metadata/1.root.json") -> bytes.
  void serve(std::map<std::string, std::string> files);
  // Request targets seen so far, in order (e.g. "/t/metadata/timestamp.json").
  std::vector<std::string> requests() const;
  void clearRequests();

 private:
  void loop();
  void answer(int fd);

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::size_t max_requests_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace psirt::test
