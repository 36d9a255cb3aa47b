// A complete `psirt-agent check` fixture on disk, built in every preset (so
// ARM test runs make their own signed repositories) from the hand-written
// CSAF advisories of tests/unit/evaluate/docs:
//
//   DIR/root.json          root v1 to provision (`trust init --custom-root`)
//   DIR/repo/              repository v1: six advisories (delegated role
//                          `advisories`, consistent snapshots, x-psirt-issued)
//   DIR/repo.psb           the same content as an offline bundle
//   DIR/repo-v2/           version 2: under-investigation.json withdrawn
//   DIR/hostile/           repository v1 plus a timestamp v2 signed by a
//                          key root does not know (a trust failure)
//   DIR/foreign.psb        a bundle of ANOTHER repository (other root keys)
//   DIR/sysroot/           a Debian 12 appliance: dpkg status, OmniPCX
//                          product manifest (active/standby), vendor SBOM
//   DIR/expected.tsv       target <TAB> expected worst status, per advisory
//
// Keys are Ed25519 from fixed labels; metadata expires `now` + 365 days.
#pragma once

#include <string>

#include "platform/error/result.h"

namespace psirt::test {

Status writeCheckFixture(const std::string& dir, const std::string& advisories_dir, std::int64_t now);

// A repository of EVERY regular file of `advisories_dir` (as
// advisories/<file name>), for end-to-end tests over real vendor documents:
// DIR/root.json and DIR/repo/ as above, same keys and expiry. Files are read
// up to 64 MiB: the agent, not the fixture, decides whether a document is too
// large (it then lists it under `refused`).
Status writeDirectoryRepository(const std::string& dir, const std::string& advisories_dir, std::int64_t now);

}  // namespace psirt::test
