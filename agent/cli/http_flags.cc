#include "agent/cli/http_flags.h"

#include <utility>

namespace psirt::cli {

std::vector<OptionSpec> withHttpFlags(std::vector<OptionSpec> specs) {
  specs.push_back({"allow-http", false});
  specs.push_back({"ca-file"});
  specs.push_back({"pin"});
  specs.push_back({"proxy"});
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

}  // namespace psirt::cli
