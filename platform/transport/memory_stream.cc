#include <algorithm>
#include <cstring>

#include "platform/transport/stream.h"

namespace psirt::transport {

Result<std::size_t> MemoryStream::read(std::span<std::uint8_t> buf, int /*timeout_ms*/) {
  std::size_t n = std::min({buf.size(), max_read_, input_.size() - pos_});
  if (n > 0) std::memcpy(buf.data(), input_.data() + pos_, n);
  pos_ += n;
  return n;
}

Status MemoryStream::writeAll(std::span<const std::uint8_t> data, int /*timeout_ms*/) {
  written_.append(reinterpret_cast<const char*>(data.data()), data.size());
  return okStatus();
}

}  // namespace psirt::transport
