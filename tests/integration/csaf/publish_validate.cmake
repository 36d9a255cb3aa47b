# psirt-publish validate: exit codes, one line per failure naming the document,
# the JSON pointer and the test, good documents still reported next to bad
# ones, publisher rules, --json output.
include(${CMAKE_CURRENT_LIST_DIR}/../../support/companion_data.cmake)
require_companion_data("${CONFORMANCE}")
set(ex "${CONFORMANCE}/csaf/examples/csaf")
set(tc "${CONFORMANCE}/csaf/test/validator/data/mandatory")
set(dup "${SOURCE}/tests/fuzz/csaf_reader/corpus/duplicate_key.json")

execute_process(COMMAND ${PUBLISH} validate ${ex}/bsi-2022-0001.json OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "${ex}/bsi-2022-0001.json: ok\n")
  message(FATAL_ERROR "a valid TLP:WHITE final advisory must pass (${rc}): ${out}")
endif()

execute_process(COMMAND ${PUBLISH} validate ${tc}/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json
                        ${ex}/bsi-2022-0001.json ${dup}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a failing document must exit 1 (${rc}): ${out}")
endif()
foreach(expect
    "6-1-01-01.json: /product_tree/product_groups/0/product_ids/0 \\[6.1.1\\] definition of product id"
    "bsi-2022-0001.json: ok"
    "duplicate_key.json: /document/tracking/id \\[json\\] duplicate object key")
  if(NOT out MATCHES "${expect}")
    message(FATAL_ERROR "missing line '${expect}' in:\n${out}")
  endif()
endforeach()

# Publisher rules: the Cisco example has no TLP label.
execute_process(COMMAND ${PUBLISH} validate ${ex}/cisco-sa-20180328-smi2.json OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT out MATCHES "/document/distribution/tlp/label \\[publish\\]")
  message(FATAL_ERROR "a document without TLP:WHITE must be refused for publishing (${rc}): ${out}")
endif()
execute_process(COMMAND ${PUBLISH} validate --no-publish-rules ${ex}/cisco-sa-20180328-smi2.json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--no-publish-rules must accept the Cisco example (${rc})")
endif()

# --json: machine-readable, one entry per document.
execute_process(COMMAND ${PUBLISH} validate --json ${tc}/oasis_csaf_tc-csaf_2_0-2021-6-1-02-01.json
                        ${ex}/bsi-2022-0001.json OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(JSON n LENGTH "${out}" documents)
string(JSON ok0 GET "${out}" documents 0 ok)
string(JSON ok1 GET "${out}" documents 1 ok)
string(JSON test0 GET "${out}" documents 0 findings 0 test)
if(NOT rc EQUAL 1 OR NOT n EQUAL 2 OR ok0 OR NOT ok1 OR NOT test0 STREQUAL "6.1.2")
  message(FATAL_ERROR "--json output wrong (${rc}): ${out}")
endif()

# Size cap and usage errors.
execute_process(COMMAND ${PUBLISH} validate --max-bytes 100 ${ex}/bsi-2022-0001.json OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT out MATCHES "\\[limit\\]")
  message(FATAL_ERROR "a document over --max-bytes must be refused as [limit] (${rc}): ${out}")
endif()
execute_process(COMMAND ${PUBLISH} validate ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no FILE given")
  message(FATAL_ERROR "no FILE must be a usage error (${rc}): ${err}")
endif()
execute_process(COMMAND ${PUBLISH} validate /nonexistent/advisory.json OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT out MATCHES "/nonexistent/advisory.json: .*\\[io\\]")
  message(FATAL_ERROR "a missing file must be reported as [io] (${rc}): ${out}")
endif()
