#include "agent/identity/distro.h"

#include <array>
#include <cctype>
#include <utility>

namespace psirt::identity {
namespace {

// os-release ID (or an alias a vendor writes) -> purl namespace. Rebuilds of
// RHEL keep their own namespace: a Red Hat advisory does not decide a Rocky
// package (R1 compares identities, not binary compatibility).
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kNamespaces = {{
    {"rhel", "redhat"},        {"redhat", "redhat"},
    {"centos", "centos"},      {"rocky", "rocky"},
    {"almalinux", "almalinux"}, {"ol", "oracle"},
    {"oracle", "oracle"},      {"fedora", "fedora"},
    {"sles", "suse"},          {"sled", "suse"},
    {"sles_sap", "suse"},      {"opensuse", "suse"},
    {"opensuse-leap", "suse"}, {"opensuse-tumbleweed", "suse"},
    {"suse", "suse"},          {"debian", "debian"},
    {"ubuntu", "ubuntu"},      {"alpine", "alpine"},
    {"openwrt", "openwrt"},    {"amzn", "amazon"},
}};

// Red Hat's support streams of RHEL, as its advisories name them in CPEs.
constexpr std::array<std::string_view, 6> kRedHatStreams = {"rhel_eus", "rhel_aus", "rhel_e4s",
                                                            "rhel_tus", "rhel_els", "rhel_mission_critical"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view known(std::string_view lowered) {
  for (const auto& [id, ns] : kNamespaces) {
    if (id == lowered) return ns;
  }
  return {};
}

}  // namespace

std::string distroNamespace(std::string_view id, std::string_view id_like) {
  const std::string l = lower(id);
  if (l.empty()) return {};
  if (auto ns = known(l); !ns.empty()) return std::string(ns);
  std::size_t pos = 0;
  while (pos < id_like.size()) {
    std::size_t end = id_like.find(' ', pos);
    if (end == std::string_view::npos) end = id_like.size();
    if (auto ns = known(lower(id_like.substr(pos, end - pos))); !ns.empty()) return std::string(ns);
    pos = end + 1;
  }
  return l;
}

std::string canonicalNamespace(std::string_view ns) {
  const std::string l = lower(ns);
  if (auto k = known(l); !k.empty()) return std::string(k);
  return l;
}

bool isDistroNamespace(std::string_view ns) { return !known(lower(ns)).empty(); }

std::string_view osStreamProduct(std::string_view vendor, std::string_view product) {
  if (vendor != "redhat") return {};
  for (auto s : kRedHatStreams) {
    if (s == product) return "enterprise_linux";
  }
  return {};
}

}  // namespace psirt::identity
