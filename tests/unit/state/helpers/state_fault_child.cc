// Test helper: the two multi-file writes of agent/state, run in a child
// process so a test can SIGKILL it at any fault point (PSIRT_FAULT=<name>#K,
// platform/fs/fault_injection.h) and look at what is left.
//
//   state_fault_child set DIR TAG       lock DIR (recovery), store one target,
//                                       switch to a new trusted set whose five
//                                       role files and index all carry TAG
//   state_fault_child report DIR [OUT]  lock DIR (recovery), write the next
//                                       report (copy at OUT) to the chain
//
// DIR must hold metadata/root.json (lockState's check). A synthetic report is
// {"previous":"<hash>","sequence":S} in two pieces; its signed_sha256 is the
// sha256 of those bytes. Exit 0 on success, 1 on error, 2 on usage.
#include <cstdio>
#include <string>

#include "agent/state/reports.h"
#include "agent/state/state_lock.h"
#include "agent/state/state_store.h"
#include "agent/state/trusted_sets.h"
#include "platform/crypto/crypto.h"

namespace {

using namespace psirt;

const char* const kRoles[] = {"root", "timestamp", "snapshot", "targets", "a/b"};

std::string sha256Hex(const std::string& bytes) { return crypto::toHex(crypto::sha256(crypto::asBytes(bytes))); }

Status switchSet(const state::Layout& layout, const std::string& tag) {
  PSIRT_ASSIGN_OR_RETURN(store, state::StateStore::openStateDir(layout.root()));
  const std::string target = "target of " + tag;
  store.removeAbandonedTargetTemps();
  PSIRT_TRY(store.writeTarget(sha256Hex(target), target));
  PSIRT_ASSIGN_OR_RETURN(writer, state::SetWriter::begin(layout));
  for (const char* role : kRoles) PSIRT_TRY(writer.writeRole(role, tag + ":" + role));
  PSIRT_TRY(writer.writeIndex(tag));
  return writer.commit();
}

Result<std::string> appendReport(const state::Layout& layout, const std::string& out) {
  PSIRT_ASSIGN_OR_RETURN(chain, state::readReportChain(layout));
  const std::string head = "{\"previous\":\"" + chain.last_sha256 + "\",";
  const std::string tail = "\"sequence\":" + std::to_string(chain.sequence + 1) + "}";
  int piece = 0;
  state::ReportSource source;
  source.next_chunk = [&]() -> Result<std::string_view> {
    ++piece;
    if (piece == 1) return std::string_view(head);
    if (piece == 2) return std::string_view(tail);
    return std::string_view();
  };
  source.signed_sha256 = [&] { return sha256Hex(head + tail); };
  return state::writeReport(layout, chain, out, source);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 3 || (mode == "set" && argc != 4) || (mode == "report" && argc > 4) ||
      (mode != "set" && mode != "report")) {
    std::fprintf(stderr, "usage: state_fault_child set DIR TAG | report DIR [OUT]\n");
    return 2;
  }
  const state::Layout layout(argv[2]);
  auto lock = state::lockState(layout.root());
  if (!lock) {
    std::fprintf(stderr, "state_fault_child: %s\n", lock.error().describe().c_str());
    return 1;
  }
  Status st = okStatus();
  if (mode == "set") {
    st = switchSet(layout, argv[3]);
  } else if (auto r = appendReport(layout, argc == 4 ? argv[3] : ""); !r) {
    st = r.error();
  }
  if (!st) {
    std::fprintf(stderr, "state_fault_child: %s\n", st.error().describe().c_str());
    return 1;
  }
  return 0;
}
