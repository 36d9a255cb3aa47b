# Runs one libFuzzer target for a fixed number of runs over a scratch copy of
# its corpus (the checked-in corpus is never modified).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${CORPUS}/" DESTINATION "${WORK}")
execute_process(COMMAND "${FUZZER}" -runs=${RUNS} -max_len=65536 -timeout=10
                        -rss_limit_mb=2048 -print_final_stats=1 "${WORK}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzzer ${FUZZER} failed with ${rc}")
endif()
