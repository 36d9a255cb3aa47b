# Sourced by test scripts that need the companion test data (README
# "Companion test data", tests/companion_data.cmake).
#   require_companion_data DIR...
# Returns when every DIR exists. Otherwise prints one line naming the knob and
# exits 77 (ctest: Skipped), or 1 under CI=true (CI must not pass by skipping).
require_companion_data() {
  for d in "$@"; do
    [ -d "$d" ] && continue
    if [ "${CI:-}" = true ]; then
      echo "CI=true: the companion test data is required (PSIRT_CONFORMANCE_DIR): $d is missing" >&2
      exit 1
    fi
    echo "conformance data not found (PSIRT_CONFORMANCE_DIR): $d" >&2
    exit 77
  done
}
