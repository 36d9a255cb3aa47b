// Parsing the remediation policy file (policy.h, docs/formats/policy.md).
#include "agent/action/policy.h"

#include <algorithm>
#include <array>

namespace psirt::action {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits on `sep`, each piece trimmed.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const std::size_t at = s.find(sep);
    out.push_back(trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

int digits(std::string_view s) {  // two decimal digits, else -1
  if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

// "HH:MM" -> minutes; 24:00 only when `end`.
int clock(std::string_view s, bool end) {
  if (s.size() != 5 || s[2] != ':') return -1;
  const int h = digits(s.substr(0, 2)), m = digits(s.substr(3));
  if (h < 0 || m < 0 || m > 59) return -1;
  if (h == 24 && m == 0 && end) return 1440;
  return h <= 23 ? h * 60 + m : -1;
}

int day(std::string_view s) {
  const auto it = std::find(kDays.begin(), kDays.end(), s);
  return it == kDays.end() ? -1 : static_cast<int>(it - kDays.begin());
}

class LineParser {
 public:
  LineParser(std::string_view file, std::size_t line)
      : where_(std::string(file) + ":" + std::to_string(line)) {}
  Error fail(std::string message) const {
    return makeError(ErrorCategory::kParse, std::move(message), where_);
  }

  // "Mon", "Mon-Fri" (wrapping: "Fri-Mon"), "Sat,Sun", "daily" -> weekdays.
  Result<std::vector<int>> days(std::string_view s) const {
    if (s == "daily") return std::vector<int>{0, 1, 2, 3, 4, 5, 6};
    std::vector<int> out;
    for (std::string_view part : split(s, ',')) {
      const std::size_t dash = part.find('-');
      const int first = day(part.substr(0, dash));
      const int last = dash == std::string_view::npos ? first : day(part.substr(dash + 1));
      if (first < 0 || last < 0) {
        return fail(
            "window days \"" + std::string(s) +
            "\": expected Sun, Mon, Tue, Wed, Thu, Fri, Sat, a range (Mon-Fri), a list (Sat,Sun) or daily");
      }
      for (int d = first;; d = (d + 1) % 7) {
        if (std::find(out.begin(), out.end(), d) != out.end()) {
          return fail("window days \"" + std::string(s) + "\" name " + std::string(kDays[d]) + " twice");
        }
        out.push_back(d);
        if (d == last) break;
      }
    }
    return out;
  }

  // "UTC", "+HH:MM", "-HH:MM" (at most 14:00) -> minutes east of UTC.
  Result<int> zone(std::string_view s) const {
    if (s == "UTC") return 0;
    const int m = s.size() == 6 && (s[0] == '+' || s[0] == '-') ? clock(s.substr(1), false) : -1;
    if (m < 0 || m > 14 * 60)
      return fail("window zone \"" + std::string(s) + "\": expected UTC or +HH:MM / -HH:MM (at most 14:00)");
    return s[0] == '-' ? -m : m;
  }

  // "DAYS HH:MM-HH:MM ZONE"
  Status window(std::string_view value, std::vector<Window>& out) const {
    std::vector<std::string_view> words;
    for (std::string_view w : split(value, ' ')) {
      if (!w.empty()) words.push_back(w);
    }
    if (words.size() != 3) {
      return fail("window: expected \"DAYS HH:MM-HH:MM ZONE\" (e.g. \"Mon-Fri 22:00-02:00 UTC\"), found \"" +
                  std::string(value) + "\"");
    }
    PSIRT_ASSIGN_OR_RETURN(days, this->days(words[0]));
    const std::size_t dash = words[1].find('-');
    const int start = dash == std::string_view::npos ? -1 : clock(words[1].substr(0, dash), false);
    const int end = dash == std::string_view::npos ? -1 : clock(words[1].substr(dash + 1), true);
    if (start < 0 || end < 0) {
      return fail("window times \"" + std::string(words[1]) + "\": expected HH:MM-HH:MM (00:00 to 24:00)");
    }
    if (start == end)
      return fail("window times \"" + std::string(words[1]) + "\": start equals end (an empty window)");
    PSIRT_ASSIGN_OR_RETURN(offset, zone(words[2]));
    if (out.size() + days.size() > kMaxWindows) {
      return makeError(ErrorCategory::kLimit,
                       "more than " + std::to_string(kMaxWindows) + " windows (one per day)", where_);
    }
    for (int d : days) out.push_back(Window{d, start, end, offset, std::string(value)});
    return okStatus();
  }

  Status unattended(std::string_view value, std::vector<Category>& out) const {
    if (value == "none") return okStatus();
    for (std::string_view c : split(value, ',')) {
      Category cat;
      if (c == "workaround") {
        cat = Category::kWorkaround;
      } else if (c == "mitigation") {
        cat = Category::kMitigation;
      } else if (c == "vendor_fix") {
        cat = Category::kVendorFix;
      } else {
        return fail("unattended: \"" + std::string(c) +
                    "\" is not workaround, mitigation, vendor_fix (or none alone)");
      }
      if (std::find(out.begin(), out.end(), cat) != out.end()) {
        return fail("unattended: " + std::string(c) + " listed twice");
      }
      out.push_back(cat);
    }
    return okStatus();
  }

 private:
  std::string where_;
};

}  // namespace

Result<Policy> parsePolicy(std::string_view text, std::string_view file) {
  if (text.size() > kMaxPolicyBytes) {
    return makeError(ErrorCategory::kLimit,
                     "policy of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                         std::to_string(kMaxPolicyBytes),
                     std::string(file));
  }
  Policy p;
  std::vector<std::string> seen;  // keys given once
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const LineParser lp(file, number);
    if (raw.size() > kMaxPolicyLineBytes) {
      Error e = lp.fail("line longer than " + std::to_string(kMaxPolicyLineBytes) + " bytes");
      e.category = ErrorCategory::kLimit;
      return e;
    }
    if (raw.find('\r') != std::string_view::npos)
      return lp.fail("carriage return (write the file with LF line ends)");
    if (std::any_of(raw.begin(), raw.end(), [](char c) {
          return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
        })) {
      return lp.fail("control byte in the line");
    }
    const std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return lp.fail("expected \"KEY = VALUE\", found \"" + std::string(line) + "\"");
    const std::string key(trim(line.substr(0, eq)));
    const std::string_view value = trim(line.substr(eq + 1));
    if (key != "window") {
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) return lp.fail(key + " given twice");
      seen.push_back(key);
    }
    if (value.empty()) return lp.fail(key + ": empty value");
    if (key == "unattended") {
      PSIRT_TRY(lp.unattended(value, p.unattended));
    } else if (key == "window") {
      PSIRT_TRY(lp.window(value, p.windows));
    } else if (key == "irreversible") {
      if (value == "deny") {
        p.irreversible = IrreversibleRule::kDeny;
      } else if (value == "approved") {
        p.irreversible = IrreversibleRule::kApproved;
      } else if (value == "allow") {
        p.irreversible = IrreversibleRule::kAllow;
      } else {
        return lp.fail("irreversible: \"" + std::string(value) + "\" is not deny, approved or allow");
      }
    } else if (key == "downgrade") {
      if (value != "deny" && value != "allow") {
        return lp.fail("downgrade: \"" + std::string(value) + "\" is not deny or allow");
      }
      p.allow_downgrade = value == "allow";
    } else {
      return lp.fail("unknown key \"" + key.substr(0, 64) +
                     "\" (unattended, window, irreversible, downgrade)");
    }
  }
  return p;
}

}  // namespace psirt::action
