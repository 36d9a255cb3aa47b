// The syntax rules of psirt-action/1 values (docs/formats/action.md, "Value
// rules"), shared by the manifest reader and the tests. Each check returns
// the empty string for a valid value, otherwise the reason as one short
// phrase ("has a '..' component"); the caller adds where.
#pragma once

#include <string>
#include <string_view>

namespace psirt::action::rules {

// Action and step ids: [A-Za-z0-9][A-Za-z0-9._-]{0,63} (a leading '.' or '-'
// would read as a hidden file or an option where ids become names).
std::string id(std::string_view s);
// Absolute, normalised path inside the target root: starts with '/', no "."
// or ".." component, no "//", no trailing '/', no NUL or control byte, at
// most 4096 bytes. "/" itself only when `allow_root`.
std::string path(std::string_view s, bool allow_root);
// "artifacts/" + one file name [A-Za-z0-9_+-][A-Za-z0-9._+-]{0,199}: exactly
// the target names psirt-publish add --artifact gives.
std::string artifact(std::string_view s);
// RFC 6901 JSON pointer naming an object member: non-empty, starts with '/',
// '~' only as "~0" or "~1", no control byte.
std::string jsonPointer(std::string_view s);
// One line of text: non-empty, no control byte (tab included), no leading or
// trailing space.
std::string text(std::string_view s);
// Package name: [A-Za-z0-9][A-Za-z0-9+._~-]{0,127}.
std::string packageName(std::string_view s);
// Service (unit or init script) name: [A-Za-z0-9][A-Za-z0-9@._-]{0,127}.
std::string serviceName(std::string_view s);
// User or group name: [A-Za-z_][A-Za-z0-9_.-]{0,31} (never all digits: a
// number would be read as an id).
std::string accountName(std::string_view s);
// Architecture as dpkg/rpm/opkg name it: [A-Za-z0-9_][A-Za-z0-9_.-]{0,31}.
std::string architecture(std::string_view s);
// ini / key=value key: 1..256 bytes, no '=', no control byte, no leading or
// trailing space, not starting with '#', ';' or '['.
std::string configKey(std::string_view s);
// ini section name: may be empty (before the first section); no ']', '[',
// control byte, leading or trailing space.
std::string iniSection(std::string_view s);
// ini / key=value value: anything but a control byte (tab allowed).
std::string configValue(std::string_view s);

}  // namespace psirt::action::rules
