#include "platform/log/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace psirt::log {
namespace {

// Runs `body` with stderr redirected to a file and returns what was written.
template <typename F>
std::string captureStderr(F body) {
  test::TempDir dir;
  const std::string path = dir.file("stderr");
  int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  EXPECT_GE(file, 0);
  int saved = ::dup(STDERR_FILENO);
  ::dup2(file, STDERR_FILENO);
  body();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  ::close(file);
  return test::readTextFile(path);
}

TEST(Log, OneLineNamingItsSource) {
  EXPECT_EQ(captureStderr([] { write("psirt-agent hash", "cannot open /x"); }),
            "psirt-agent hash: cannot open /x\n");
  EXPECT_EQ(captureStderr([] { warning("psirt-agent update", "clock behind"); }),
            "psirt-agent update: warning: clock behind\n");
}

TEST(Log, EmptySourceWritesTheMessageAlone) {
  EXPECT_EQ(captureStderr([] { write("", "fetched http://h/1.root.json"); }),
            "fetched http://h/1.root.json\n");
  EXPECT_EQ(captureStderr([] { warning("", "w"); }), "warning: w\n");
}

TEST(Log, ControlCharactersCannotForgeExtraLines) {
  const std::string out =
      captureStderr([] { warning("psirt-agent", std::string_view("a\nerror: forged\r\x1b[2J\0z", 22)); });
  EXPECT_EQ(out, "psirt-agent: warning: a\\x0aerror: forged\\x0d\\x1b[2J\\x00z\n");
}

TEST(Log, OneLineEscapesC0ControlsAndDelVisibly) {
  EXPECT_EQ(log::oneLine("a\nb\x1b[31m\tc\x7f\x07"), "a\\x0ab\\x1b[31m\\x09c\\x7f\\x07");
  EXPECT_EQ(log::oneLine("plain ASCII ~!"), "plain ASCII ~!");
  EXPECT_EQ(log::oneLine(""), "");
}

TEST(Log, OneLineEscapesC1AndFormatControlsAsCodePoints) {
  EXPECT_EQ(log::oneLine("x\xc2\x9b" "2Jy"), "x\\u009b2Jy");                 // C1 CSI in UTF-8
  EXPECT_EQ(log::oneLine("a\xe2\x80\xae" "b"), "a\\u202eb");                 // right-to-left override
  EXPECT_EQ(log::oneLine("a\xe2\x80\xa8" "b"), "a\\u2028b");                 // line separator
  EXPECT_EQ(log::oneLine("caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xc2\xa0 \xf0\x9f\x98\x80");
}

TEST(Log, OneLineEscapesBytesThatAreNotWellFormedUtf8) {
  EXPECT_EQ(log::oneLine("a\xff" "b"), "a\\xffb");
  EXPECT_EQ(log::oneLine("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(log::oneLine("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(log::oneLine("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(log::oneLine("\xe2\x82"), "\\xe2\\x82");          // truncated at the end
  EXPECT_EQ(log::oneLine("\xc3" "A"), "\\xc3A");               // lead byte without continuation
}

}  // namespace
}  // namespace psirt::log
