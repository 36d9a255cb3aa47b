#include "bench/workload/packages.h"

#include <set>

namespace psirt::bench {
namespace {

const std::vector<std::string> kStems = {
    "openssl", "zlib", "curl", "expat", "libxml2", "sqlite3", "glibc", "systemd", "openssh", "sudo",
    "bash", "coreutils", "tar", "gzip", "xz-utils", "bzip2", "pcre2", "gnutls28", "nettle", "gmp",
    "krb5", "cyrus-sasl2", "openldap", "libssh2", "nghttp2", "libidn2", "libpsl", "ca-certificates", "tzdata",
    "perl", "python3.11", "ncurses", "readline", "util-linux", "e2fsprogs", "procps", "iproute2", "iptables",
    "nftables", "dbus", "polkit", "pam", "shadow", "libcap2", "libseccomp", "audit", "apparmor", "libselinux",
    "libtirpc", "rpcbind", "nfs-utils", "samba", "cifs-utils", "rsyslog", "logrotate", "cron", "chrony", "ntpsec",
    "unbound", "bind9", "isc-dhcp", "dnsmasq", "postfix", "exim4", "nginx", "apache2", "lighttpd", "haproxy",
    "asterisk", "kamailio", "freeswitch", "opensips", "libsrtp2", "speex", "opus", "libvpx", "ffmpeg", "sox",
    "alsa-lib", "pulseaudio", "libpng1.6", "libjpeg-turbo", "tiff", "giflib", "libwebp", "freetype", "fontconfig",
    "cairo", "pango1.0", "harfbuzz", "icu", "libxslt", "libyaml", "jansson", "json-c", "protobuf", "grpc",
    "libevent", "libev", "libuv1", "boost1.74", "tcl8.6", "lua5.4", "ruby3.1", "php8.2", "nodejs", "openjdk-17",
    "postgresql-15", "mariadb", "redis", "memcached", "rabbitmq-server", "mosquitto", "snmpd", "net-snmp",
    "lldpd", "ethtool", "pciutils", "usbutils", "kmod", "busybox", "dash", "findutils", "grep", "sed",
    "gawk", "diffutils", "less", "vim", "nano", "file", "libmagic", "lsof", "strace", "gdb",
};

const std::vector<std::string> kSections = {"libs", "net", "admin", "utils", "web", "database", "sound", "devel"};

}  // namespace

std::string DebVersion::str() const {
  std::string s;
  if (epoch) s += std::to_string(epoch) + ":";
  s += std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch) + "-" +
       std::to_string(revision);
  if (security) s += "+deb12u" + std::to_string(security);
  return s;
}

DebVersion DebVersion::above(Rng& rng) const {
  DebVersion v = *this;
  switch (rng.below(3)) {
    case 0: v.security += 1; break;          // next security upload
    case 1: v.revision += 1; v.security = 0; break;
    default: v.patch += 1; v.revision = 1; v.security = 0; break;  // new upstream
  }
  return v;
}

DebVersion DebVersion::below(Rng& rng) const {
  DebVersion v = *this;
  if (security > 0 && rng.percent(60)) {
    v.security -= 1;
  } else if (patch > 0) {
    v.patch -= 1;
    v.revision = 1 + static_cast<int>(rng.below(3));
    v.security = 0;
  } else {
    v.minor = minor > 0 ? minor - 1 : 0;
    if (minor == 0) v.major -= 1;  // major >= 1 always
    v.patch = 9;
    v.security = 0;
  }
  return v;
}

System makeSystem(Rng& rng, int packages) {
  System sys;
  std::set<std::string> used;
  for (int i = 0; static_cast<int>(sys.package_count) < packages; ++i) {
    SourcePackage src;
    const std::string& stem = kStems[static_cast<std::size_t>(i) % kStems.size()];
    src.name = i < static_cast<int>(kStems.size()) ? stem : stem + "-x" + std::to_string(i / kStems.size());
    src.version.epoch = rng.percent(8) ? 1 : 0;
    src.version.major = rng.between(1, 12);
    src.version.minor = rng.between(0, 30);
    src.version.patch = rng.between(0, 20);
    src.version.revision = rng.between(1, 4);
    src.version.security = rng.percent(40) ? rng.between(1, 6) : 0;
    const int want = rng.percent(50) ? 1 : (rng.percent(60) ? 2 : 3);
    const char* suffixes[] = {"", "-common", "-utils", "-data", "-doc"};
    for (int b = 0; b < want && static_cast<int>(sys.package_count) < packages; ++b) {
      std::string bin = b == 0 ? src.name : (b == 1 && rng.percent(50) ? "lib" + src.name + std::to_string(rng.between(0, 9))
                                                                        : src.name + suffixes[b + 1]);
      if (!used.insert(bin).second) continue;
      src.binaries.push_back(bin);
      ++sys.package_count;
    }
    sys.sources.push_back(std::move(src));
  }
  return sys;
}

std::string dpkgStatus(const System& system, Rng& rng) {
  std::string out;
  for (const auto& src : system.sources) {
    for (const auto& bin : src.binaries) {
      const bool binnmu = rng.percent(4);
      const bool all = bin.size() > 5 && (bin.ends_with("-data") || bin.ends_with("-doc"));
      out += "Package: " + bin + "\n";
      out += "Status: install ok installed\n";
      out += "Priority: optional\n";
      out += "Section: " + rng.pick(kSections) + "\n";
      out += "Installed-Size: " + std::to_string(rng.between(16, 40000)) + "\n";
      out += "Maintainer: Debian " + src.name + " Maintainers <" + src.name + "@packages.debian.org>\n";
      out += std::string("Architecture: ") + (all ? "all" : "amd64") + "\n";
      if (!all) out += "Multi-Arch: same\n";
      const std::string version = src.version.str() + (binnmu ? "+b1" : "");
      if (binnmu) {
        out += "Source: " + src.name + " (" + src.version.str() + ")\n";
      } else if (bin != src.name) {
        out += "Source: " + src.name + "\n";
      }
      out += "Version: " + version + "\n";
      out += "Depends: libc6 (>= 2.36), zlib1g (>= 1:1.2.0)\n";
      out += "Description: " + bin + " from the " + src.name + " source package\n";
      std::string text = filler(rng, static_cast<std::size_t>(rng.between(80, 400)));
      out += " " + text + "\n";
      out += "Homepage: https://" + src.name + ".example.org/\n\n";
    }
  }
  return out;
}

}  // namespace psirt::bench
