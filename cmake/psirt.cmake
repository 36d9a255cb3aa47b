# Component helpers. One component = one folder = one library target.
#
# Include paths are declared, never global: no target gets the repository
# root. Each target gets a generated include root,
# ${PROJECT_BINARY_DIR}/include/<target>/, holding symlinks to the headers of
# its own folder at their repository-relative path (agent/tuf/metadata.h), so
# `#include "agent/tuf/metadata.h"` compiles only in a target that is
# psirt_tuf or links it (directly, or through a PUBLIC dependency). A library
# exports its root PUBLIC (INTERFACE without sources); executables, tests and
# fuzzers keep theirs PRIVATE. Headers in a subfolder with its own
# CMakeLists.txt belong to that subfolder's component, not to this one. A
# header a component needs from another is a dependency to declare: PUBLIC
# when one of its public headers includes it, PRIVATE otherwise.
#
# psirt_library(NAME [SOURCES ...] [PUBLIC ...] [PRIVATE ...] [HEADERS ...])
#   A static library named NAME; headers are included as "<folder>/<file>.h".
#   Without SOURCES it is an INTERFACE library. HEADERS (relative to the
#   folder) narrows the exported headers when several targets share a folder.
# psirt_executable(NAME SOURCES ... [LIBS ...])
#   A program; it sees its folder's headers and those of LIBS.
# psirt_test(NAME SOURCES ... [LIBS ...] [LABELS ...])
#   One GoogleTest executable = one ctest (under qemu when cross-compiling:
#   process start-up dominates there); it links test_support (tests/support).
# psirt_fuzz(NAME SOURCE src.cc CORPUS dir [LIBS ...] [RUNS n])
#   A libFuzzer target when PSIRT_FUZZ (run for RUNS iterations over the
#   corpus under ctest); otherwise a replay driver that runs every corpus file.

# The headers of the current folder (relative paths), subfolders that are
# components of their own (with a CMakeLists.txt) left out.
function(_psirt_folder_headers out)
  file(GLOB_RECURSE all CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  set(kept "")
  foreach(header IN LISTS all)
    set(dir ${header})
    set(own TRUE)
    while(own)
      get_filename_component(dir "${dir}" DIRECTORY)
      if(dir STREQUAL "")
        break()
      endif()
      if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
        set(own FALSE)
      endif()
    endwhile()
    if(own)
      list(APPEND kept ${header})
    endif()
  endforeach()
  set(${out} ${kept} PARENT_SCOPE)
endfunction()

# Makes ${PROJECT_BINARY_DIR}/include/<target>/ (rebuilt at every configure,
# so a removed header disappears) and adds it to the target with `scope`.
function(_psirt_include_root target scope)
  set(headers ${ARGN})
  if(NOT headers)
    _psirt_folder_headers(headers)
  endif()
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  file(REMOVE_RECURSE ${root})
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  foreach(header IN LISTS headers)
    set(link ${root}/${folder}/${header})
    get_filename_component(link_dir ${link} DIRECTORY)
    file(MAKE_DIRECTORY ${link_dir})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${header} ${link} SYMBOLIC)
  endforeach()
  if(headers)
    target_include_directories(${target} ${scope} $<BUILD_INTERFACE:${root}>)
  endif()
endfunction()

function(psirt_library name)
  cmake_parse_arguments(A "" "" "SOURCES;PUBLIC;PRIVATE;HEADERS" ${ARGN})
  if(A_SOURCES)
    add_library(${name} STATIC ${A_SOURCES})
    _psirt_include_root(${name} PUBLIC ${A_HEADERS})
    target_link_libraries(${name} PUBLIC ${A_PUBLIC} PRIVATE psirt_flags ${A_PRIVATE})
  else()
    add_library(${name} INTERFACE)
    _psirt_include_root(${name} INTERFACE ${A_HEADERS})
    target_link_libraries(${name} INTERFACE ${A_PUBLIC})
  endif()
endfunction()

function(psirt_executable name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  _psirt_include_root(${name} PRIVATE)
  target_link_libraries(${name} PRIVATE psirt_flags ${A_LIBS})
endfunction()

function(psirt_test name)
  cmake_parse_arguments(A "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  _psirt_include_root(${name} PRIVATE)
  target_link_libraries(${name} PRIVATE psirt_flags psirt_test_code test_support ${A_LIBS} GTest::gmock GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 600)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${A_TIMEOUT} LABELS "unit;${A_LABELS}")
endfunction()

function(psirt_fuzz name)
  cmake_parse_arguments(A "" "SOURCE;CORPUS;RUNS" "LIBS" ${ARGN})
  if(NOT A_RUNS)
    set(A_RUNS 20000)
  endif()
  add_executable(${name} ${A_SOURCE})
  _psirt_include_root(${name} PRIVATE)
  target_link_libraries(${name} PRIVATE psirt_flags ${A_LIBS})
  if(PSIRT_FUZZ)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    # Fuzz a scratch copy so new inputs never land in the checked-in corpus.
    add_test(NAME ${name}
      COMMAND ${CMAKE_COMMAND} -DFUZZER=$<TARGET_FILE:${name}> -DCORPUS=${A_CORPUS}
              -DRUNS=${A_RUNS} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/${name}.work
              -P ${PROJECT_SOURCE_DIR}/cmake/run_fuzzer.cmake)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
    add_test(NAME ${name} COMMAND ${name} ${A_CORPUS})
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT 900 LABELS "fuzz")
endfunction()
