# `psirt-agent cvss` behaviour (through qemu when cross-compiled): output
# format, --json, stdin line numbers and continuation, exit statuses.
# Inputs: AGENT, EMULATOR (may be empty), WORK.
file(MAKE_DIRECTORY "${WORK}")
set(TAB "\t")

# Runs `psirt-agent cvss ARGS...` [with INPUT file] into out, err, rc.
function(run)
  cmake_parse_arguments(A "" "INPUT" "ARGS" ${ARGN})
  set(input_args)
  if(A_INPUT)
    set(input_args INPUT_FILE "${A_INPUT}")
  endif()
  execute_process(COMMAND ${EMULATOR} ${AGENT} cvss ${A_ARGS} ${input_args}
                  OUTPUT_VARIABLE o ERROR_VARIABLE e RESULT_VARIABLE r)
  set(out "${o}" PARENT_SCOPE)
  set(err "${e}" PARENT_SCOPE)
  set(rc "${r}" PARENT_SCOPE)
endfunction()

function(expect_eq what actual expected)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${what}: got [${actual}], expected [${expected}]")
  endif()
endfunction()

function(expect_match what actual regex)
  if(NOT actual MATCHES "${regex}")
    message(FATAL_ERROR "${what}: [${actual}] does not match [${regex}]")
  endif()
endfunction()

# One vector per version: the documented columns.
run(ARGS "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H")
expect_eq("v3.1 exit" "${rc}" 0)
expect_eq("v3.1 line" "${out}" "9.6${TAB}9.6${TAB}9.7${TAB}Critical\n")
run(ARGS "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
expect_eq("v4.0 line" "${out}" "9.3${TAB}Critical\n")
run(ARGS "AV:N/AC:L/Au:N/C:N/I:N/A:C")
expect_eq("v2 line without temporal/environmental groups" "${out}" "7.8${TAB}-${TAB}-${TAB}High\n")

# --json.
run(ARGS --json "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")
expect_eq("v3.0 json" "${out}" "{\"vector\":\"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N\",\"version\":\"3.0\",\"base\":0.0,\"temporal\":0.0,\"environmental\":0.0,\"score\":0.0,\"band\":\"None\"}\n")
run(ARGS --json "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F")
expect_eq("v2 json with an undefined group" "${out}" "{\"vector\":\"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F\",\"version\":\"2.0\",\"base\":7.8,\"temporal\":7.4,\"environmental\":null,\"score\":7.4,\"band\":\"High\"}\n")
run(ARGS --json "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A")
expect_eq("v4 json" "${out}" "{\"vector\":\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A\",\"version\":\"4.0\",\"score\":8.7,\"nomenclature\":\"CVSS-BTE\",\"band\":\"High\"}\n")

# stdin: a bad line is reported with its number and marked 'error' on stdout
# (output line N answers input line N), the others are still scored, exit 1.
file(WRITE "${WORK}/mixed.in"
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L\n"
  "\n"
  "AV:N/AC:L/Au:N/C:P/I:P/A:P\n"
  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")  # no final newline
run(ARGS - INPUT "${WORK}/mixed.in")
expect_eq("mixed stdin exit" "${rc}" 1)
expect_eq("mixed stdin output" "${out}" "9.8${TAB}9.8${TAB}9.8${TAB}Critical\nerror\nerror\n7.5${TAB}-${TAB}-${TAB}High\n9.3${TAB}Critical\n")
expect_match("line 2 named" "${err}" "line 2: CVSS vector: duplicate metric 'AV'")
expect_match("line 3 named" "${err}" "line 3: CVSS vector: empty vector")
string(REGEX MATCHALL "\n" newlines "${err}")
list(LENGTH newlines n)
expect_eq("error lines" "${n}" 2)

# JSON Lines from stdin.
run(ARGS --json - INPUT "${WORK}/mixed.in")
string(REGEX MATCHALL "\n" newlines "${out}")
list(LENGTH newlines n)
expect_eq("json lines" "${n}" 5)
expect_match("json error marker" "${out}" "\n{\"error\":true,\"line\":2}\n{\"error\":true,\"line\":3}\n")

# An over-long line is refused without being stored whole; the next line is scored.
string(REPEAT "A" 100000 long)
file(WRITE "${WORK}/long.in" "${long}\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n")
run(ARGS - INPUT "${WORK}/long.in")
expect_eq("long line exit" "${rc}" 1)
expect_match("long line named" "${err}" "line 1: CVSS vector: line is 100000 bytes")
expect_eq("line after the long one" "${out}" "error\n9.8${TAB}9.8${TAB}9.8${TAB}Critical\n")

# Errors and usage.
run(ARGS "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/")
expect_eq("single bad vector exit" "${rc}" 1)
expect_match("single bad vector reason" "${err}" "trailing '/'")
expect_eq("single bad vector prints no result" "${out}" "")
run()
expect_eq("no vector exit" "${rc}" 2)
expect_match("no vector reason" "${err}" "no VECTOR")
run(ARGS "AV:N/AC:L/Au:N/C:P/I:P/A:P" "AV:N/AC:L/Au:N/C:P/I:P/A:N")
expect_eq("two vectors exit" "${rc}" 2)
run(ARGS --frobnicate -)
expect_eq("unknown option exit" "${rc}" 2)
run(ARGS --help)
expect_eq("--help exit" "${rc}" 0)
expect_match("--help documents the columns" "${out}" "BASE <TAB> TEMPORAL <TAB> ENVIRONMENTAL <TAB> BAND")
