// vers ranges of supported schemes: canonical validation and containment.
// See vers.h and docs/formats/versions.md.
#include "agent/versions/vers.h"

#include <string>

namespace psirt::versions {
namespace {

bool isLess(Comparator c) { return c == Comparator::kLt || c == Comparator::kLe; }
bool isGreater(Comparator c) { return c == Comparator::kGt || c == Comparator::kGe; }

Error rangeError(std::string message, const Range& r) {
  return makeError(ErrorCategory::kParse, "non-canonical vers: " + std::move(message), toString(r).substr(0, 160));
}

// omnipcx constraints are grouped by release line; other schemes form one group.
bool sameGroup(const Version& a, const Version& b) {
  return a.scheme != Scheme::kOmnipcx || a.epoch == b.epoch;
}

// Release lines ("12.4" < "12.10" < "13.0") in numeric order.
int compareLines(std::string_view a, std::string_view b) {
  for (;;) {
    std::size_t da = a.find('.'), db = b.find('.');
    std::string_view na = a.substr(0, da), nb = b.substr(0, db);
    if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
    if (na != nb) return na < nb ? -1 : 1;
    if (da == std::string_view::npos || db == std::string_view::npos) {
      if (da == db) return 0;
      return da == std::string_view::npos ? -1 : 1;
    }
    a = a.substr(da + 1);
    b = b.substr(db + 1);
  }
}

// Sorted, unique, and the comparator sequence rules of the spec (ignoring
// '!=': '=' and '<'/'<=' are followed by '=', '>', '>='; '>'/'>=' by '<', '<=').
Status validate(const Range& r) {
  const auto& cs = r.constraints;
  const auto& vs = r.versions;
  for (std::size_t i = 1; i < cs.size(); ++i) {
    int order = 0;
    if (sameGroup(vs[i - 1], vs[i])) {
      PSIRT_ASSIGN_OR_RETURN(cmp, compare(vs[i - 1], vs[i]));
      order = cmp;
      if (order == 0) return rangeError("duplicate version '" + cs[i].version + "'", r);
    } else {
      order = compareLines(vs[i - 1].epoch, vs[i].epoch);
    }
    if (order > 0) return rangeError("constraints are not sorted by version", r);
  }
  const Constraint* prev = nullptr;
  const Version* prev_version = nullptr;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (cs[i].op == Comparator::kNe) continue;
    if (prev != nullptr && sameGroup(*prev_version, vs[i])) {
      Comparator p = prev->op, n = cs[i].op;
      bool ok = isGreater(p) ? isLess(n) : (n == Comparator::kEq || isGreater(n));
      if (!ok) {
        return rangeError("'" + std::string(comparatorText(p)) + "' followed by '" +
                              std::string(comparatorText(n)) + "' is redundant or impossible",
                          r);
      }
    }
    prev = &cs[i];
    prev_version = &vs[i];
  }
  return okStatus();
}

Result<Range> build(Scheme scheme, VersSyntax syntax) {
  Range r;
  r.scheme = scheme;
  r.star = syntax.star;
  r.constraints = std::move(syntax.constraints);
  for (const auto& c : r.constraints) {
    auto v = parse(scheme, c.version);
    if (!v) return v.error().within("vers constraint '" + std::string(comparatorText(c.op)) + c.version + "'");
    if (v->text != c.version) {
      return rangeError("version '" + c.version + "' is not in canonical form '" + v->text + "'", r);
    }
    r.versions.push_back(std::move(*v));
  }
  PSIRT_TRY(validate(r));
  return r;
}

}  // namespace

Result<Range> parseRange(std::string_view vers) {
  PSIRT_ASSIGN_OR_RETURN(syntax, parseVersSyntax(vers));
  PSIRT_ASSIGN_OR_RETURN(scheme, schemeFromName(syntax.type));
  return build(scheme, std::move(syntax));
}

Result<Range> parseBareRange(Scheme scheme, std::string_view constraints) {
  PSIRT_ASSIGN_OR_RETURN(syntax, parseConstraintsSyntax(constraints));
  return build(scheme, std::move(syntax));
}

Result<bool> contains(const Range& range, const Version& version) {
  if (version.scheme != range.scheme) {
    return makeError(ErrorCategory::kUnsupported, "version scheme differs from the range's",
                     std::string(schemeName(version.scheme)) + " in " + toString(range));
  }
  if (range.star) return true;
  // Constraints that can be compared with the version (omnipcx: same line).
  std::vector<std::size_t> idx;
  std::vector<int> cmp;
  for (std::size_t i = 0; i < range.constraints.size(); ++i) {
    if (!sameGroup(range.versions[i], version)) continue;
    PSIRT_ASSIGN_OR_RETURN(c, compare(version, range.versions[i]));
    idx.push_back(i);
    cmp.push_back(c);
  }
  if (idx.empty()) {
    return makeError(ErrorCategory::kUnsupported, "the range has no constraint for release line " + version.epoch,
                     toString(range));
  }
  for (std::size_t k = 0; k < idx.size(); ++k) {
    if (cmp[k] != 0) continue;
    Comparator op = range.constraints[idx[k]].op;
    if (op == Comparator::kEq || op == Comparator::kLe || op == Comparator::kGe) return true;
    if (op == Comparator::kNe) return false;
  }
  std::vector<std::size_t> bounds;  // positions in idx of '<' '<=' '>' '>='
  for (std::size_t k = 0; k < idx.size(); ++k) {
    Comparator op = range.constraints[idx[k]].op;
    if (isLess(op) || isGreater(op)) bounds.push_back(k);
  }
  if (bounds.empty()) return false;
  auto op = [&](std::size_t b) { return range.constraints[idx[bounds[b]]].op; };
  auto rel = [&](std::size_t b) { return cmp[bounds[b]]; };
  if (isLess(op(0)) && rel(0) < 0) return true;
  if (isGreater(op(bounds.size() - 1)) && rel(bounds.size() - 1) > 0) return true;
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    if (isGreater(op(b)) && isLess(op(b + 1)) && rel(b) > 0 && rel(b + 1) < 0) return true;
  }
  return false;
}

Result<bool> contains(const Range& range, std::string_view version) {
  PSIRT_ASSIGN_OR_RETURN(v, parse(range.scheme, version));
  return contains(range, v);
}

std::string toString(const Range& range) {
  std::string out = "vers:" + std::string(schemeName(range.scheme)) + "/";
  if (range.star) return out + "*";
  for (std::size_t i = 0; i < range.constraints.size(); ++i) {
    if (i != 0) out += '|';
    const Constraint& c = range.constraints[i];
    if (c.op != Comparator::kEq) out += comparatorText(c.op);
    for (char ch : c.version) {
      if (std::string_view("><=!*|%").find(ch) != std::string_view::npos) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += '%';
        out += kHex[(static_cast<unsigned char>(ch) >> 4) & 0xf];
        out += kHex[static_cast<unsigned char>(ch) & 0xf];
      } else {
        out += ch;
      }
    }
  }
  return out;
}

}  // namespace psirt::versions
