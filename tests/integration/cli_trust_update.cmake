# psirt-agent trust init / update end to end over a real repository
# (tuf-on-ci 0.11 from the conformance data: ECDSA, consistent snapshots, a
# delegated role; valid until 2044), plus a tampered copy that must exit 3.
include(${CMAKE_CURRENT_LIST_DIR}/../support/companion_data.cmake)
require_companion_data("${CONFORMANCE}")
set(work "${CMAKE_CURRENT_BINARY_DIR}/cli_trust_update")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
set(repo "${CONFORMANCE}/tuf/tuf-conformance/static_data/tuf-on-ci-0.11")

function(run expect_rc expect_regex)
  execute_process(COMMAND ${EMULATOR} ${AGENT} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL ${expect_rc} OR NOT "${out}${err}" MATCHES "${expect_regex}")
    message(FATAL_ERROR "psirt-agent ${ARGN}: expected exit ${expect_rc} matching '${expect_regex}', got ${rc}: ${out}${err}")
  endif()
endfunction()

run(3 "not the vendor root" trust init --state ${work}/state ${repo}/initial_root.json)
run(0 "trusted root v1" trust init --state ${work}/state --custom-root ${repo}/initial_root.json)
run(2 "required" update --state ${work}/state)
run(0 "1 target\\(s\\) verified and stored" update --state ${work}/state --repo ${repo})
file(GLOB stored "${work}/state/targets/sha256/*")
list(LENGTH stored n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one stored target, found ${n}")
endif()

# Tampered timestamp (signature no longer verifies): trust failure naming the role.
file(COPY ${repo}/ DESTINATION ${work}/bad)
file(READ ${work}/bad/metadata/timestamp.json ts)
string(REPLACE "2044-08-10" "2045-08-10" ts "${ts}")
file(WRITE ${work}/bad/metadata/timestamp.json "${ts}")
run(0 "trusted root" trust init --state ${work}/state2 --custom-root ${repo}/initial_root.json)
run(3 "trust failure: timestamp: .*\\[bad signature\\]" update --state ${work}/state2 --repo ${work}/bad)
