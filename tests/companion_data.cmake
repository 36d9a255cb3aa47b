# Companion test data (README "Companion test data"): conformance vectors and
# real vendor advisories that are not ours to check in, under one root,
# PSIRT_CONFORMANCE_DIR (top-level CMakeLists.txt). The two folders tests
# read are derived from it, so there is one knob.
#
# A test that needs the data declares it with psirt_companion_data_test(NAME...)
# in the directory that added it. When the data is missing the test prints
#   conformance data not found (PSIRT_CONFORMANCE_DIR): <missing path>
# and exits 77 (GoogleTest executables through tests/support/companion_data.cc,
# shell scripts through tests/support/companion_data.sh, node and python
# scripts likewise); CMake scripts, which cannot choose their exit status in
# CMake 3.25, print the same line (tests/support/companion_data.cmake). ctest
# reports either as "Skipped". With CI=true in the environment the same tests
# print "CI=true: ..." and fail instead: CI must never pass by skipping.
set(PSIRT_CONFORMANCE_VECTORS_DIR "${PSIRT_CONFORMANCE_DIR}/conformance")
set(PSIRT_REAL_CSAF_DIR "${PSIRT_CONFORMANCE_DIR}/real-csaf")
if(NOT IS_DIRECTORY "${PSIRT_CONFORMANCE_VECTORS_DIR}" OR NOT IS_DIRECTORY "${PSIRT_REAL_CSAF_DIR}")
  message(STATUS "conformance data not found (PSIRT_CONFORMANCE_DIR=${PSIRT_CONFORMANCE_DIR}): "
                 "the tests that need it will be reported as skipped (failed under CI=true)")
endif()

function(psirt_companion_data_test)
  set_tests_properties(${ARGN} PROPERTIES SKIP_RETURN_CODE 77
    SKIP_REGULAR_EXPRESSION "conformance data not found \\(PSIRT_CONFORMANCE_DIR\\)")
endfunction()
