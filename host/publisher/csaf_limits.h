// The bounds psirt-publish reads CSAF documents with (validate, add, render).
//
// The publisher runs on a host, under its operator's control, and must take the
// documents vendors really write: Red Hat's reach 23 MB. So its default cap is
// 64 MiB, well above the agent's per-document cap (csaf::Limits defaults, which
// this does not change: the agent's bounds are its own). --max-document-bytes
// moves the cap; the JSON value count scales with it (one value per 8 bytes,
// never fewer than the agent allows): real documents have about one value per
// 70 bytes, so a real document never hits it, while a pathological one
// ("[0,0,0,...]") is still refused before it costs gigabytes of memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "agent/csaf/reader.h"

namespace psirt::publish {

inline constexpr std::size_t kDefaultMaxDocumentBytes = std::size_t{64} << 20;

// The limits for a cap of `max_document_bytes` (see above).
csaf::Limits publisherLimits(std::size_t max_document_bytes = kDefaultMaxDocumentBytes);

// The value of --max-document-bytes: a positive decimal integer of at most
// 2^40 (1 TiB); nullopt otherwise.
std::optional<std::size_t> parseMaxDocumentBytes(const std::string& text);

}  // namespace psirt::publish
