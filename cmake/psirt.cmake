# Component helpers. One component = one folder = one library target.
#
# psirt_library(NAME [SOURCES ...] [PUBLIC ...] [PRIVATE ...])
#   A static library named NAME; headers are included as "<folder>/<file>.h"
#   from the repository root. Without SOURCES it is an INTERFACE library.
# psirt_test(NAME SOURCES ... [LIBS ...] [LABELS ...])
#   One GoogleTest executable = one ctest (under qemu when cross-compiling:
#   process start-up dominates there). Tests see PSIRT_CONFORMANCE_DIR and
#   PSIRT_SOURCE_DIR as compile definitions.
# psirt_fuzz(NAME SOURCE src.cc CORPUS dir [LIBS ...] [RUNS n])
#   A libFuzzer target when PSIRT_FUZZ (run for RUNS iterations over the
#   corpus under ctest); otherwise a replay driver that runs every corpus file.

function(psirt_library name)
  cmake_parse_arguments(A "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  if(A_SOURCES)
    add_library(${name} STATIC ${A_SOURCES})
    target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
    target_link_libraries(${name} PUBLIC ${A_PUBLIC} PRIVATE psirt_flags ${A_PRIVATE})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
    target_link_libraries(${name} INTERFACE ${A_PUBLIC})
  endif()
endfunction()

function(psirt_executable name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE psirt_flags ${A_LIBS})
endfunction()

function(psirt_test name)
  cmake_parse_arguments(A "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE psirt_flags test_support ${A_LIBS} GTest::gmock GTest::gtest_main)
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
