# Included by CMake test scripts (-P) that need the companion test data
# (README "Companion test data", tests/companion_data.cmake).
#   require_companion_data(DIR...)
# A macro, so that its return() ends the calling script when a DIR is
# missing: the line it prints makes ctest report the test as Skipped
# (SKIP_REGULAR_EXPRESSION; CMake 3.25 scripts cannot exit 77). Under
# CI=true a missing DIR is a fatal error instead.
macro(require_companion_data)
  foreach(_psirt_dir IN ITEMS ${ARGN})
    if(NOT IS_DIRECTORY "${_psirt_dir}")
      if("$ENV{CI}" STREQUAL "true")
        message(FATAL_ERROR "CI=true: the companion test data is required (PSIRT_CONFORMANCE_DIR): "
                            "${_psirt_dir} is missing")
      endif()
      message("conformance data not found (PSIRT_CONFORMANCE_DIR): ${_psirt_dir}")
      return()
    endif()
  endforeach()
endmacro()
