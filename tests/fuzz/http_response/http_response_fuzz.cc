// libFuzzer target: the HTTP/1.1 response parser over arbitrary bytes, read in
// pieces of a size chosen by the first input byte (split boundaries matter).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/transport/http_response.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t max_read = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  psirt::transport::MemoryStream stream(bytes, max_read);
  psirt::transport::ResponseLimits limits;
  limits.max_body = 4096;
  limits.max_line = 256;
  limits.max_headers = 16;
  auto r = psirt::transport::readResponse(stream, limits, psirt::transport::Deadline::after(10000, 10000));
  if (r && r->body.size() > limits.max_body) __builtin_trap();
  return 0;
}
