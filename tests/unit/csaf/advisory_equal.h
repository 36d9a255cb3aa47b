// Field-by-field comparison of two csaf::Advisory values by resolved strings
// (the two builders may number IdRefs differently).
#pragma once

#include <string>

#include "agent/csaf/advisory.h"

namespace psirt::csaf::test {

// Empty when equal; otherwise the first difference, "products[3].vendor: 'a' != 'b'".
std::string advisoryDifference(const Advisory& a, const Advisory& b);

}  // namespace psirt::csaf::test
