# Bad build input gives one clear error line and a non-zero exit:
# an unknown crypto backend, static + OpenSSL, and an unknown preset name.
function(expect_failure what pattern)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${what}: expected failure, got success")
  endif()
  if(NOT "${out}${err}" MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: error does not say '${pattern}':\n${out}${err}")
  endif()
endfunction()
set(b "${WORK}/configure-errors")
file(REMOVE_RECURSE "${b}")
expect_failure("unknown backend" "PSIRT_CRYPTO_BACKEND='wolfssl' is not a known backend"
  ${CMAKE_COMMAND} -S ${SRC} -B ${b}/1 -G Ninja -DPSIRT_CRYPTO_BACKEND=wolfssl -DPSIRT_TESTS=OFF)
expect_failure("static openssl" "static agents ship on mbedTLS"
  ${CMAKE_COMMAND} -S ${SRC} -B ${b}/2 -G Ninja -DPSIRT_STATIC=ON -DPSIRT_CRYPTO_BACKEND=openssl -DPSIRT_TESTS=OFF)
expect_failure("missing dependency" "missing dependency: header 'sodium.h'"
  ${CMAKE_COMMAND} -S ${SRC} -B ${b}/3 -G Ninja -DPSIRT_TESTS=OFF -Dsodium_INCLUDE=sodium_INCLUDE-NOTFOUND
  -DCMAKE_INCLUDE_PATH=/nonexistent -DCMAKE_FIND_ROOT_PATH=/nonexistent -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY)
expect_failure("unknown preset" "unknown preset 'nightly'" ${SRC}/cross/build-and-test nightly)
file(REMOVE_RECURSE "${b}")
