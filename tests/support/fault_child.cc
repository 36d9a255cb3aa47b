#include "tests/support/fault_child.h"

#include <gtest/gtest.h>

#include "platform/fs/fs.h"

namespace psirt::test {

process::Outcome runFaultChild(const std::string& program, const std::vector<std::string>& args,
                               const std::string& fault, const std::string& trace) {
  process::Options o;
  if (!fault.empty()) o.environment["PSIRT_FAULT"] = fault;
  if (!trace.empty()) o.environment["PSIRT_FAULT_TRACE"] = trace;
  o.environment["ASAN_OPTIONS"] = "detect_leaks=0";
  o.timeout = std::chrono::seconds(60);
  std::vector<std::string> argv{program};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = process::run(argv, o);
  EXPECT_TRUE(r) << r.error().describe();
  return r ? *r : process::Outcome{};
}

std::vector<std::string> readFaultTrace(const std::string& trace) {
  std::vector<std::string> points;
  auto text = fs::readFile(trace, 1 << 20);
  if (!text) return points;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text->find('\n', start)) != std::string::npos; start = nl + 1) {
    points.push_back(text->substr(start, nl - start));
  }
  return points;
}

}  // namespace psirt::test
