// collectInventory over a whole sysroot, and the three output formats.
#include <algorithm>

#include <gtest/gtest.h>

#include "agent/inventory/inventory.h"
#include "tests/unit/inventory/sysroot_builder.h"

namespace psirt::inventory {
namespace {

using test::stanza;
using test::Sysroot;

TEST(CollectInventory, CombinesEcosystemsAndFlagsPartialOnes) {
  Sysroot root;
  root.write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  root.write("var/lib/dpkg/status", stanza("libssl3", "3.0.11-1", "install ok installed", "Source: openssl\n") +
                                        stanza("linux-image-6.1.0-18-amd64", "6.1.76-1", "install ok installed"));
  root.write("run/reboot-required.pkgs", "libssl3\n");
  root.write("var/lib/rpm/README", "no database here");
  InventoryOptions options;
  options.sysroot = root.path();
  Inventory inv = collectInventory(options);
  EXPECT_EQ(inv.os.id, "debian");
  EXPECT_TRUE(inv.partial(Ecosystem::kRpm));
  EXPECT_FALSE(inv.partial(Ecosystem::kDpkg));
  auto ssl = std::find_if(inv.items.begin(), inv.items.end(), [](const Item& i) { return i.name == "libssl3"; });
  ASSERT_NE(ssl, inv.items.end());
  EXPECT_EQ(ssl->state, ItemState::kRestartPending);
  // An image scan: the kernel comes from the package, nothing is "running".
  auto kernel = std::find_if(inv.items.begin(), inv.items.end(),
                             [](const Item& i) { return i.ecosystem == Ecosystem::kKernel; });
  ASSERT_NE(kernel, inv.items.end());
  EXPECT_EQ(kernel->version, "6.1.0-18-amd64");
  EXPECT_EQ(kernel->state, ItemState::kInstalled);

  std::string json = toJson(inv);
  EXPECT_NE(json.find("\"complete\": false"), std::string::npos);
  EXPECT_NE(json.find("\"format\": \"psirt-inventory\""), std::string::npos);
  EXPECT_NE(json.find("\"state\": \"restart-pending\""), std::string::npos);
  EXPECT_NE(json.find("\"source_name\": \"openssl\""), std::string::npos);
  EXPECT_NE(json.find("\"line\": 1"), std::string::npos);
  EXPECT_NE(json.find("rpm database directory without"), std::string::npos);

  std::string bom = toCycloneDx(inv);
  EXPECT_NE(bom.find("\"specVersion\": \"1.5\""), std::string::npos);
  EXPECT_NE(bom.find("\"value\": \"rpm\""), std::string::npos);  // psirt:partial
  EXPECT_NE(bom.find("\"bom-ref\": \"item-1\""), std::string::npos);

  std::string table = toTable(inv);
  EXPECT_NE(table.find("restart-pending"), std::string::npos);
  EXPECT_NE(table.find("rpm: 0 items (PARTIAL: see warnings)"), std::string::npos);
}

TEST(Output, InvalidUtf8InStatusFilesDoesNotBreakJson) {
  Sysroot root;
  root.write("var/lib/dpkg/status", stanza("caf\xe9", "1.0", "install ok installed"));
  InventoryOptions options;
  options.sysroot = root.path();
  Inventory inv = collectInventory(options);
  ASSERT_EQ(inv.items.size(), 1u);
  std::string json = toJson(inv);  // must not throw
  EXPECT_NE(json.find("caf\xef\xbf\xbd"), std::string::npos);  // U+FFFD
  EXPECT_FALSE(toCycloneDx(inv).empty());
}

}  // namespace
}  // namespace psirt::inventory
