// INTERNAL to psirt_csaf (stream_reader.cc): builds a csaf::Advisory from the
// events of one JSON document, in document order, keeping only what Advisory
// has. JSON-level rules (syntax, bounds, duplicate keys, JSON pointers) are the
// caller's; this class knows CSAF: which members are kept, of which type, and
// how definitions are ordered. No JSON library type appears here.
//
// Contract per event: the caller names the position of each value with key()
// (inside an object) or nothing (inside an array); value()/open() return an
// error (message only: the caller adds the pointer) when a kept member has
// the wrong JSON type; finish() checks what the decision relies on.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/csaf/advisory.h"
#include "agent/csaf/advisory_members.h"
#include "agent/json/stream.h"
#include "platform/error/result.h"

namespace psirt::csaf::detail {

// "an object", "a string", "a number" (integers and floats alike)...
std::string_view toString(json::Type k);

class AdvisoryBuilder final : public json::StreamHandler {
 public:
  Status key(std::string_view k) override;                       // next member of the current object
  Status value(json::Type kind, const std::string& text) override;  // a scalar; `text` for strings
  Status open(json::Type kind) override;                         // an object or array begins
  Status close() override;                                       // the current container ends
  // After the root closed: the required members, the definition order, the
  // duplicate-definition check (CSAF 6.1.2). Error context is a JSON pointer.
  Result<Advisory> finish();

 private:
  struct Frame {
    Node node;
    std::uint8_t aux;  // which list a ref list feeds, which CVSS version
    Slot next{};       // the slot of the member named by the last key()
  };
  // A product not yet placed: `set` says which path facts a deeper branch gave.
  struct Pending {
    AdvisoryProduct product;
    std::uint8_t set = 0;
  };
  struct BranchBuild {
    std::string category, name;
    std::optional<Pending> own;
    std::vector<Pending> below;  // descendants' products, in final order
  };
  // A full_product_name being read: its strings are interned only once it is
  // placed (a relationship keeps its name only with a helper, which may
  // follow the name).
  struct ProductRead {
    IdRef id = kNoId;
    std::string name, purl, cpe;
  };
  // Where a relationship is being read.
  struct RelationshipBuild {
    std::string category, component, platform;
    ProductRead product;  // its full_product_name (id kNoId when absent)
  };

  Slot childSlot() const;
  Status expect(const Slot& s, json::Type kind) const;
  void begin(const Slot& s);
  void end(const Frame& f);
  void setString(const Slot& s, const std::string& text);
  void placeProduct(Node parent);
  AdvisoryProduct toProduct(const ProductRead& p);
  void endRelationship();
  void endBranch();

  Advisory out_;
  std::vector<Frame> frames_;
  bool root_done_ = false;
  std::uint32_t seen_ = 0;  // required members met (bits of Field)
  // Products go straight into out_.products while their kinds arrive in the
  // final order (branch leaves, then full_product_names: the usual key
  // order), so they are held once. One that arrives after a later kind waits
  // in late_[kind]; finish() then merges (a rare, costlier path).
  // Relationships have their own list, always in array order.
  void define(AdvisoryProduct&& p, std::uint8_t kind);
  std::uint8_t stage_ = 0;               // the latest kind placed directly
  std::size_t direct_[2] = {0, 0};       // placed directly, by kind
  std::deque<AdvisoryProduct> late_[2];
  std::vector<BranchBuild> branches_;  // the open branch path, root first
  ProductRead product_;                 // the full_product_name being read
  RelationshipBuild relationship_;
  AdvisoryGroup group_;
  std::string group_id_;
  AdvisoryVulnerability vulnerability_;
  std::size_t vulnerability_ids_ = 0;  // elements of vulnerabilities[i].ids begun
  AdvisoryRemediation remediation_;
  AdvisoryScore score_;
  AdvisoryCvss cvss_;
};

}  // namespace psirt::csaf::detail
