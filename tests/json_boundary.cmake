# Fails when a file outside agent/json names the JSON engine (nlohmann) or
# includes agent/json's private header: JSON is read and written one way,
# through psirt_json (docs/components/json.md).
#   cmake -DROOT=<source dir> -P tests/json_boundary.cmake
file(GLOB_RECURSE files RELATIVE "${ROOT}"
  "${ROOT}/agent/*" "${ROOT}/host/*" "${ROOT}/platform/*" "${ROOT}/tests/*" "${ROOT}/bench/*" "${ROOT}/cmake/*")
set(bad "")
foreach(f IN LISTS files)
  if(f MATCHES "^agent/json/" OR f STREQUAL "tests/json_boundary.cmake")
    continue()
  endif()
  if(NOT f MATCHES "(\\.cc|\\.h|\\.hpp|\\.cmake|CMakeLists\\.txt)$")
    continue()
  endif()
  file(STRINGS "${ROOT}/${f}" hits REGEX "nlohmann|json_internal\\.h")
  if(hits)
    list(APPEND bad "${f}")
  endif()
endforeach()
if(bad)
  list(JOIN bad "\n  " listing)
  message(FATAL_ERROR "JSON outside agent/json (use json::View / json::Value):\n  ${listing}")
endif()
message(STATUS "json boundary: ${CMAKE_CURRENT_LIST_FILE}: no file outside agent/json names the engine")
