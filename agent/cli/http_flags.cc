#include "agent/cli/http_flags.h"

#include <utility>

#include "agent/tuf/deadline.h"
#include "platform/transport/tls.h"

namespace psirt::cli {

std::vector<OptionSpec> withHttpFlags(std::vector<OptionSpec> specs) {
  specs.push_back({"allow-http", false});
  specs.push_back({"ca-file"});
  specs.push_back({"pin"});
  specs.push_back({"proxy"});
  specs.push_back({"deadline"});
  return specs;
}

transport::RequestOptions httpOptions(const ParsedArgs& args) {
  transport::RequestOptions o;
  o.allow_insecure_http = args.has("allow-http");
  o.tls.ca_file = args.get("ca-file").value_or("");
  o.tls.spki_pin = args.get("pin").value_or("");
  o.proxy = args.get("proxy").value_or("");
  return o;
}

Status checkCaFileFlag(const ParsedArgs& args) {
  const auto ca = args.get("ca-file");
  if (!ca) return okStatus();
  if (ca->empty()) return makeError(ErrorCategory::kUsage, "--ca-file needs a file name");
  return transport::checkCaFile(*ca);
}

Result<int> updateDeadlineSeconds(const ParsedArgs& args) {
  const auto text = args.get("deadline");
  if (!text) return tuf::kDefaultUpdateDeadlineSeconds;
  long long n = 0;
  bool ok = !text->empty() && text->size() <= 6;
  for (char c : *text) {
    if (c < '0' || c > '9') ok = false;
    else n = n * 10 + (c - '0');
  }
  if (!ok || n < 1 || n > tuf::kMaxUpdateDeadlineSeconds) {
    return makeError(ErrorCategory::kUsage, "--deadline must be a whole number of seconds from 1 to " +
                                                std::to_string(tuf::kMaxUpdateDeadlineSeconds) + ", not '" +
                                                text->substr(0, 40) + "'");
  }
  return static_cast<int>(n);
}

}  // namespace psirt::cli
