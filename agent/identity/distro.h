// One table for Linux distributions (docs/design.md#inventory-and-versions, docs/formats/evaluation.md
// "Distribution namespaces"): the purl namespace vendors write for packages
// of a distribution, and the CPE products that name release streams of a
// distribution's operating system.
//
// Used by the inventory (which namespace to write into an installed item's
// purl) and by matching (advisory and inventory namespaces are compared
// after canonicalNamespace). Pure, no I/O.
#pragma once

#include <string>
#include <string_view>

namespace psirt::identity {

// The purl namespace for packages of the distribution whose os-release says
// ID=`id` and ID_LIKE=`id_like` (space-separated). `id` wins when the table
// knows it; else the first ID_LIKE entry it knows; else `id` itself (lower
// case); empty when `id` is empty. Examples: rhel -> redhat, sles -> suse.
std::string distroNamespace(std::string_view id, std::string_view id_like = {});

// A namespace as written by either side, mapped to the table's namespace
// ("rhel" -> "redhat", "opensuse" -> "suse"); other names lower-cased.
std::string canonicalNamespace(std::string_view ns);

// Whether `ns` (any spelling) is a namespace of the table.
bool isDistroNamespace(std::string_view ns);

// For an OS CPE product that names a support stream of a distribution's
// operating system, the product the OS itself carries in its CPE: Red Hat's
// rhel_eus / rhel_aus / rhel_e4s / rhel_tus / rhel_els ->
// enterprise_linux. Empty when `product` is not such a stream. `vendor` and
// `product` are lower case.
std::string_view osStreamProduct(std::string_view vendor, std::string_view product);

}  // namespace psirt::identity
