// Which scores[] and remediations[] entries of one vulnerability name which
// product (groups expanded), built once per vulnerability: real documents
// list tens of thousands of ids in them.
//
// Why sorted pairs: a real Red Hat VEX names 22,677 products in one score and
// one remediation; a hash map of vectors cost ~4 MB there (a node and a heap
// block per product), these 8-byte pairs ~360 KB.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "agent/csaf/advisory.h"
#include "agent/evaluate/product_descriptor.h"

namespace psirt::evaluate {

class VulnIndex {
 public:
  VulnIndex(const csaf::AdvisoryVulnerability& vuln, const ProductCatalog& catalog);

  // The entries naming any of `refs`, in document order, each once.
  std::vector<const csaf::AdvisoryScore*> scores(const std::vector<csaf::IdRef>& refs) const;
  std::vector<const csaf::AdvisoryRemediation*> remediations(const std::vector<csaf::IdRef>& refs) const;

 private:
  using Pairs = std::vector<std::pair<csaf::IdRef, std::uint32_t>>;  // (product, entry), sorted

  template <class T>
  static std::vector<const T*> select(const Pairs& pairs, const std::vector<T>& all,
                                      const std::vector<csaf::IdRef>& refs);

  const csaf::AdvisoryVulnerability* vuln_;
  Pairs scores_, remediations_;
};

}  // namespace psirt::evaluate
