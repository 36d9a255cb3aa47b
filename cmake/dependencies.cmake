# Third-party libraries as imported targets (psirt::openssl, psirt::sodium,
# psirt::mbedtls, GTest; the JSON engine is found by agent/json). Static builds pick the .a archives
# shipped in Debian's -dev packages. Missing ones stop configure with one line.

if(PSIRT_STATIC)
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
endif()

function(psirt_require_library target)
  cmake_parse_arguments(A "" "HEADER;PACKAGE" "NAMES" ${ARGN})
  find_path(${target}_INCLUDE ${A_HEADER})
  set(libs "")
  foreach(n IN LISTS A_NAMES)
    find_library(${target}_${n}_LIB ${n})
    if(NOT ${target}_${n}_LIB)
      message(FATAL_ERROR "missing dependency: library '${n}' (Debian package ${A_PACKAGE}); run scripts/setup")
    endif()
    list(APPEND libs ${${target}_${n}_LIB})
  endforeach()
  if(NOT ${target}_INCLUDE)
    message(FATAL_ERROR "missing dependency: header '${A_HEADER}' (Debian package ${A_PACKAGE}); run scripts/setup")
  endif()
  add_library(psirt::${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(psirt::${target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${${target}_INCLUDE}"
    INTERFACE_LINK_LIBRARIES "${libs}")
endfunction()

psirt_require_library(sodium HEADER sodium.h NAMES sodium PACKAGE libsodium-dev)
if(PSIRT_CRYPTO_BACKEND STREQUAL "mbedtls" OR PSIRT_STATIC)
  # Link order matters for static archives: tls -> x509 -> crypto.
  psirt_require_library(mbedtls HEADER mbedtls/version.h
    NAMES mbedtls mbedx509 mbedcrypto PACKAGE libmbedtls-dev)
endif()
if(PSIRT_CRYPTO_BACKEND STREQUAL "openssl" OR PSIRT_HOST_TOOLS)
  find_package(OpenSSL 3.0)
  if(NOT OpenSSL_FOUND)
    message(FATAL_ERROR "missing dependency: OpenSSL >= 3.0 (Debian package libssl-dev); run scripts/setup")
  endif()
  add_library(psirt::openssl INTERFACE IMPORTED GLOBAL)
  set_target_properties(psirt::openssl PROPERTIES INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto;OpenSSL::SSL")
endif()

find_package(Threads REQUIRED)

if(PSIRT_TESTS)
  find_package(GTest CONFIG)
  if(NOT GTest_FOUND)
    message(FATAL_ERROR "missing dependency: GoogleTest (Debian package libgtest-dev/libgmock-dev for this architecture); run scripts/setup")
  endif()
endif()
if(PSIRT_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()
