#include "tests/unit/versions/host/generator.h"

namespace psirt::test {

std::string VersionGenerator::digits() {
  std::string out;
  if (chance(15)) out.append(1 + pick(3), '0');                     // leading zeros
  std::size_t n = chance(6) ? 21 + pick(15) : 1 + pick(3);          // sometimes > 20 digits
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + pick(chance(70) ? 3 : 10)));
  return out;
}

std::string VersionGenerator::letters() {
  static constexpr std::string_view kLetters = "abzABZrcxy";
  std::string out;
  for (std::size_t i = 0, n = 1 + pick(3); i < n; ++i) out.push_back(kLetters[pick(kLetters.size())]);
  return out;
}

std::string VersionGenerator::segments(std::string_view separators, int max_segments) {
  std::string out = digits();
  for (int i = 0, n = static_cast<int>(pick(static_cast<std::size_t>(max_segments))); i < n; ++i) {
    if (chance(75)) out.push_back(separators[pick(separators.size())]);
    out += chance(65) ? digits() : letters();
  }
  return out;
}

std::string VersionGenerator::deb(bool invalid) {
  std::string v;
  if (chance(25)) v += (chance(20) ? "0" : "") + std::to_string(pick(chance(10) ? 100000 : 4)) + ":";
  v += segments(".+~", 5);
  if (chance(8)) v += "-" + segments(".+~", 2);  // hyphen inside the upstream part
  if (chance(60)) v += "-" + segments(".+~", 3);
  if (chance(10)) v.insert(0, chance(50) ? "  " : "\t");  // blanks around are ignored by dpkg
  if (!invalid || !chance(30)) return v;
  switch (pick(9)) {
    case 0: return v + "-";                                          // empty revision
    case 1: return ":" + v;                                          // empty epoch
    case 2: return "a" + v;                                          // does not start with a digit
    case 3: { std::string bad = "!#@$%&/|\\<>()[]{};,_=*^' "; v.insert(pick(v.size() + 1), 1, bad[pick(bad.size())]); return v; }
    case 4: return std::string(1 + pick(30), '9') + ":" + v;         // epoch too big (often)
    case 5: return "-" + std::to_string(pick(3)) + ":" + v;          // negative (or -0) epoch
    case 6: return "+" + std::to_string(pick(3)) + ":" + v;          // strtol accepts a sign
    case 7: return v + " x";                                         // embedded space
    default: return "";                                              // empty
  }
}

std::string VersionGenerator::rpm() {
  std::string v;
  if (chance(25)) v += (chance(15) ? "" : std::to_string(pick(chance(10) ? 100000 : 4))) + ":";
  v += segments(".._+~^-", 5);
  if (chance(60)) v += "-" + segments(".._+~^", 3);
  if (chance(5)) v.insert(pick(v.size() + 1), 1, "%@ !/"[pick(5)]);
  if (chance(2)) v.clear();  // the only string rpm rejects
  return v;
}

std::string VersionGenerator::mutate(const std::string& s, std::string_view alphabet) {
  std::string out = s;
  switch (pick(5)) {
    case 0: if (!out.empty()) out[pick(out.size())] = alphabet[pick(alphabet.size())]; break;
    case 1: out.insert(pick(out.size() + 1), 1, alphabet[pick(alphabet.size())]); break;
    case 2: if (!out.empty()) out.erase(pick(out.size()), 1); break;
    case 3: out += alphabet[pick(alphabet.size())]; out += digits(); break;
    default: out.insert(0, "0"); break;
  }
  return out;
}

std::pair<std::string, std::string> VersionGenerator::debPair() {
  std::string a = deb(false);
  std::string b = chance(60) ? mutate(a, "0123456789.+~-:aZ") : deb(false);
  return {a, b};
}

std::pair<std::string, std::string> VersionGenerator::rpmPair() {
  std::string a = rpm();
  std::string b = chance(60) ? mutate(a, "0123456789._+~^-:aZ") : rpm();
  return {a, b};
}

}  // namespace psirt::test
