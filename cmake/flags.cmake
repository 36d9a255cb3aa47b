# Compiler and linker flags, each in an INTERFACE target with its reason.
# Components link psirt_flags PRIVATE; nothing is set for a whole directory tree.

add_library(psirt_warnings INTERFACE)
target_compile_options(psirt_warnings INTERFACE
  -Wall -Wextra                 # the usual suspects
  -Wshadow                      # shadowed names hide bugs in long functions
  -Wnon-virtual-dtor            # interfaces are deleted through base pointers
  -Wold-style-cast              # casts must say which kind they are
  -Wcast-align                  # unaligned access traps on ARM
  -Wformat=2                    # format strings from data
  -Wimplicit-fallthrough        # switch over closed enums
  $<$<BOOL:${PSIRT_WERROR}>:-Werror>)

add_library(psirt_hardening INTERFACE)
target_compile_options(psirt_hardening INTERFACE
  -fstack-protector-strong      # canaries on functions with buffers
  $<$<NOT:$<BOOL:${PSIRT_SANITIZE}>>:-D_FORTIFY_SOURCE=2>  # checked libc calls (needs -O)
  -fno-strict-overflow)         # no optimisation relying on signed overflow in parsers
if(NOT PSIRT_STATIC)
  target_link_options(psirt_hardening INTERFACE -Wl,-z,relro,-z,now)  # read-only GOT
endif()

add_library(psirt_size INTERFACE)
if(PSIRT_STATIC)
  # Shipped agents: small, no PT_INTERP, unused code and data dropped.
  target_compile_options(psirt_size INTERFACE -ffunction-sections -fdata-sections)
  target_link_options(psirt_size INTERFACE -static -Wl,--gc-sections -Wl,-O1)
endif()

add_library(psirt_sanitize INTERFACE)
if(PSIRT_SANITIZE)
  # ASan + UBSan, abort on the first UB report so tests fail instead of logging.
  target_compile_options(psirt_sanitize INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(psirt_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# 32-bit ARM: 64-bit time_t and file offsets (expiry dates after 2038, files > 2 GB).
add_library(psirt_abi INTERFACE)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
  target_compile_definitions(psirt_abi INTERFACE _TIME_BITS=64 _FILE_OFFSET_BITS=64)
endif()
if(PSIRT_FAULT_INJECTION)
  target_compile_definitions(psirt_abi INTERFACE PSIRT_FAULT_INJECTION=1)
endif()

add_library(psirt_flags INTERFACE)
target_link_libraries(psirt_flags INTERFACE
  psirt_warnings psirt_hardening psirt_size psirt_sanitize psirt_abi)

# Test code only (GoogleTest cases and their helpers in psirt_test targets; the
# libraries under test keep the preset's flags): compiled for build speed, not
# run speed. -Og still defines __OPTIMIZE__, so _FORTIFY_SOURCE stays on, and
# -g1 keeps line tables for backtraces. Measured on the heaviest test files
# (CPU seconds, g++ 12): updater_test.cc 12.3 -> 5.5, process_test.cc
# 9.7 -> 5.2, conformance_test.cc 5.5 -> 2.8; test files are over half of a
# cold dev build.
add_library(psirt_test_code INTERFACE)
target_compile_options(psirt_test_code INTERFACE
  $<$<CONFIG:RelWithDebInfo,MinSizeRel,Release>:-Og>
  $<$<CONFIG:RelWithDebInfo>:-g1>)
