// psirt-bench-csaf-stream: one CSAF file read one way, for /usr/bin/time -v
// (peak RSS: "Maximum resident set size") and its own wall-time line.
//
// usage: psirt-bench-csaf-stream stream|dom|read FILE
//   stream  csaf::readAdvisory over 64 KiB chunks of the file (the device path)
//   dom     the whole file in memory, then one json::Document::parse (bounds raised to fit)
//   read    the chunks only (the floor: process, file reading)
// Prints "<mode> <bytes> bytes <ms> ms" (stream: products, ids, heap held).
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "agent/csaf/stream_reader.h"
#include "agent/json/json.h"
#include "platform/fs/fs.h"
#include "platform/fs/random_access.h"

namespace {

constexpr std::size_t kChunk = std::size_t{64} << 10;

// glibc: bytes allocated from the arenas plus large blocks mmapped on their own.
std::size_t heapInUse() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "psirt-bench-csaf-stream: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace psirt;  // NOLINT
  if (argc != 3) return fail("usage: psirt-bench-csaf-stream stream|dom|read FILE");
  const std::string mode = argv[1], path = argv[2];
  const auto start = std::chrono::steady_clock::now();
  auto ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  if (mode == "dom") {
    auto bytes = fs::readFile(path, std::size_t{1} << 30);
    if (!bytes) return fail(bytes.error().describe());
    json::ParseOptions roomy;  // the cost of the tree itself, not of a refusal
    roomy.max_bytes = roomy.max_values = roomy.max_string_bytes = bytes->size() + 1;
    const auto doc = json::Document::parse(*bytes, roomy);
    if (!doc) return fail(path + ": " + doc.error().describe());
    std::printf("dom %zu bytes %.1f ms\n", bytes->size(), ms());
    return 0;
  }
  auto file = fs::RandomAccessFile::open(path);
  if (!file) return fail(file.error().describe());
  std::vector<std::uint8_t> buf(kChunk);
  std::uint64_t offset = 0;
  std::size_t heap_peak = 0;  // heap in use, sampled at every chunk
  csaf::ByteSource source = [&]() -> Result<std::span<const std::uint8_t>> {
    heap_peak = std::max(heap_peak, heapInUse());
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, file->size() - offset));
    PSIRT_TRY(file->readAt(offset, buf.data(), n));
    offset += n;
    return std::span<const std::uint8_t>(buf.data(), n);
  };
  if (mode == "read") {
    for (;;) {
      auto c = source();
      if (!c) return fail(c.error().describe());
      if (c->empty()) break;
    }
    std::printf("read %llu bytes %.1f ms\n", static_cast<unsigned long long>(offset), ms());
    return 0;
  }
  if (mode != "stream") return fail("unknown mode " + mode);
  auto a = csaf::readAdvisory(source, {});
  if (!a) return fail(a.error().describe());
  // Heap still in use = the Advisory the caller keeps (the reader's own
  // buffers are gone); peak RSS minus this is the reading's transient cost.
  const auto held = static_cast<unsigned long long>(heapInUse());
  std::printf("stream %llu bytes %.1f ms %zu products %zu relationships %zu ids, heap held %llu KiB, "
              "peak %zu KiB (sampled)\n",
              static_cast<unsigned long long>(offset), ms(), a->products.size(), a->relationships.size(),
              a->ids.size(), held >> 10,
              heap_peak >> 10);
  return 0;
}
