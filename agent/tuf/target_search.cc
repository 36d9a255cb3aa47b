// Spec §5.6.7 (delegation search) and §5.7 (fetch target).
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>
#include <utility>

#include "agent/tuf/updater.h"
#include "platform/crypto/crypto.h"

namespace psirt::tuf {
namespace {

std::string targetContext(std::string_view path) { return "target '" + std::string(path) + "'"; }

// The digest used for HASH.NAME: sha256 if listed, else sha512.
const std::string* prefixDigest(const TargetFile& f) {
  for (const char* algo : {"sha256", "sha512"}) {
    auto it = f.hashes.find(algo);
    if (it != f.hashes.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace

Result<TargetMatch> Updater::findTarget(std::string_view path) {
  if (!refreshed_) PSIRT_TRY(refresh());
  if (!trusted_ || !trusted_->targets()) {
    return makeError(ErrorCategory::kInternal, "no trusted targets (refresh failed)", targetContext(path));
  }
  struct Item {
    std::string role;
    std::string parent;
    std::vector<std::string> chain;
  };
  std::vector<Item> stack{{std::string(kTargets), std::string(kRoot), {std::string(kTargets)}}};
  std::set<std::pair<std::string, std::string>> visited;
  int budget = options_.max_delegations;
  while (budget > 0 && !stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    if (!visited.emplace(item.role, item.parent).second) continue;  // cycle guard
    if (Status st = loadTargets(item.role, item.parent); !st) return explainExpiry(st.error());
    const Targets* t = trusted_->targets(item.role);
    if (auto it = t->targets.find(std::string(path)); it != t->targets.end()) {
      return TargetMatch{std::string(path), it->second, item.chain};
    }
    --budget;
    const auto depth = static_cast<int>(item.chain.size()) - 1;
    if (!t->delegations || depth >= options_.max_delegation_depth) continue;
    std::vector<Item> children;
    for (const auto& d : t->delegations->rolesFor(path)) {
      std::vector<std::string> chain = item.chain;
      chain.push_back(d.name);
      children.push_back({d.name, item.role, std::move(chain)});
      if (d.terminating) {
        stack.clear();  // a terminating delegation ends the search below it
        break;
      }
    }
    std::reverse(children.begin(), children.end());
    for (auto& c : children) stack.push_back(std::move(c));
  }
  return securityError(SecurityCode::kTargetNotDelegated, "no trusted role lists this target",
                       targetContext(path));
}

Result<std::vector<std::string>> Updater::knownTargetNames() {
  if (!refreshed_) PSIRT_TRY(refresh());
  if (!trusted_ || !trusted_->targets()) return makeError(ErrorCategory::kInternal, "no trusted targets");
  std::set<std::string> names;
  std::set<std::pair<std::string, std::string>> visited;
  std::vector<std::tuple<std::string, std::string, int>> stack{
      {std::string(kTargets), std::string(kRoot), 0}};
  int budget = options_.max_delegations;
  while (budget > 0 && !stack.empty()) {
    auto [role, parent, depth] = std::move(stack.back());
    stack.pop_back();
    if (!visited.emplace(role, parent).second) continue;
    if (Status st = loadTargets(role, parent); !st) return explainExpiry(st.error());
    --budget;
    const Targets* t = trusted_->targets(role);
    for (const auto& [name, file] : t->targets) names.insert(name);
    if (!t->delegations || depth >= options_.max_delegation_depth) continue;
    std::vector<std::string> children;
    if (const auto& sr = t->delegations->succinct) {
      // Bins in order, no more than the remaining budget can visit.
      const std::uint64_t bins = std::uint64_t{1} << sr->bit_length;
      for (std::uint64_t b = 0; b < bins && b < static_cast<std::uint64_t>(budget); ++b) {
        children.push_back(sr->binName(static_cast<std::uint32_t>(b)));
      }
    } else {
      for (const auto& d : t->delegations->roles) children.push_back(d.name);
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.emplace_back(*it, role, depth + 1);
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Status Updater::verifyTarget(const TargetMatch& match, std::string_view bytes) const {
  return checkLengthAndHashes(bytes, match.file.length, match.file.hashes, targetContext(match.path));
}

Result<std::string> Updater::downloadTarget(const TargetMatch& match) {
  const std::string* digest = prefixDigest(match.file);
  if (digest == nullptr) {
    return securityError(SecurityCode::kHashMismatch, "no supported hash algorithm (sha256, sha512) listed",
                         targetContext(match.path));
  }
  std::string name = match.path;
  if (trusted_->root().consistent_snapshot && options_.prefix_targets_with_hash) {
    const std::size_t slash = name.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : name.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    name = dir + *digest + "." + base;
  }
  PSIRT_ASSIGN_OR_RETURN(max, listedLength(match.file.length, targetContext(match.path)));
  auto bytes = fetcher_.fetch(options_.targets_base + name, max);
  if (!bytes) {
    if (bytes.error().category == ErrorCategory::kLimit) {
      return securityError(SecurityCode::kLengthMismatch,
                           "longer than the " + std::to_string(max) + " bytes listed",
                           targetContext(match.path));
    }
    return bytes.error().within(targetContext(match.path));
  }
  PSIRT_TRY(verifyTarget(match, *bytes));
  return std::move(*bytes);
}

Result<std::string> Updater::storeTarget(const TargetMatch& match) {
  if (!store_.hasTargetStore())
    return makeError(ErrorCategory::kInternal, "no target store", targetContext(match.path));
  if (auto it = match.file.hashes.find("sha256"); it != match.file.hashes.end()) {
    PSIRT_ASSIGN_OR_RETURN(max, listedLength(match.file.length, targetContext(match.path)));
    auto cached = store_.readTarget(it->second, max);
    if (cached && *cached && verifyTarget(match, **cached)) return store_.targetPath(it->second);
  }
  PSIRT_ASSIGN_OR_RETURN(bytes, downloadTarget(match));
  // downloadTarget checked every listed hash: a listed sha256 IS the content's
  // (no second pass over the bytes); otherwise compute it for the address.
  auto listed = match.file.hashes.find("sha256");
  std::string hex = listed != match.file.hashes.end() ? listed->second
                                                      : crypto::toHex(crypto::sha256(crypto::asBytes(bytes)));
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // metadata may say "AB12..."
  // Durability is batched: storeAllTargets() syncs the store once before the
  // complete set that refers to these files is recorded; a copy damaged by a
  // crash fails its hash on the next read and is fetched again.
  return store_.writeTarget(hex, bytes);
}

}  // namespace psirt::tuf
