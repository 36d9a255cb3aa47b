// Builds bundle bytes by hand from docs/formats/bundle.md, independently of
// BundleWriter, so tests can state the layout and forge hostile files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/bundle/format.h"
#include "platform/crypto/crypto.h"

namespace psirt::bundle::test {

inline void putBe(std::string& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// declared_length < 0: the real content length; declared_count < 0: the real count.
struct RawEntry {
  std::string name;
  std::string content;
  std::int64_t declared_length = -1;
};
inline std::string rawBundle(const std::vector<RawEntry>& entries, std::int64_t declared_count = -1,
                      std::string_view magic = kMagic, std::uint16_t version = kFormatVersion) {
  std::string out(magic);
  putBe(out, version, 2);
  putBe(out, 0, 2);
  putBe(out, declared_count < 0 ? entries.size() : static_cast<std::uint64_t>(declared_count), 4);
  for (const auto& e : entries) {
    putBe(out, e.name.size(), 2);
    out += e.name;
    putBe(out, e.declared_length < 0 ? e.content.size() : static_cast<std::uint64_t>(e.declared_length), 8);
    const crypto::Bytes d = crypto::sha256(crypto::asBytes(e.content));
    out.append(d.begin(), d.end());
    out += e.content;
  }
  out += kTrailer;
  return out;
}

}  // namespace psirt::bundle::test
