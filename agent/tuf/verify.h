// Threshold signature verification of a metadata envelope (spec §5.3.4 etc.).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "agent/tuf/metadata.h"
#include "platform/error/result.h"

namespace psirt::tuf {

// Checks that `envelope.canonical_signed` carries valid signatures from at
// least `role.threshold` distinct PUBLIC KEYS among role.keyids (looked up in
// `keys`). A public key listed under several key ids counts once; an
// envelope listing one key id twice in its signatures is refused
// (kBadSignature: TUF says those key ids MUST be unique; parseEnvelope
// refuses it first); an empty "sig" counts as not signed; a key of an
// unsupported type/scheme or that does not parse contributes nothing.
// Supported (keytype, scheme): (ed25519, ed25519), (ecdsa |
// ecdsa-sha2-nistp256, ecdsa-sha2-nistp256), (rsa, rsassa-pss-sha256).
// Errors (context = `role_name`): kBadSignature when no signature verifies,
// kThresholdNotMet when some but fewer than the threshold do.
Status verifyThreshold(const Envelope& envelope, const std::map<std::string, Key>& keys, const RoleKeys& role,
                       std::string_view role_name);

// Verifies one signature (hex) with one metadata key over `message`. False on
// any failure, including unsupported key types and malformed hex.
bool verifySignature(const Key& key, std::string_view message, std::string_view sig_hex);

}  // namespace psirt::tuf
