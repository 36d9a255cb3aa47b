# psirt-agent inventory end to end on a checked-in sysroot (dpkg with a
# pending update, opkg, apk, os-release, reboot-required, vendor manifest,
# vendor SBOM), then on a damaged copy. Leaves inventory.json and bom.json in
# WORK for the schema validation test.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${SYSROOT}/" DESTINATION "${WORK}/good")

function(run_agent out_var err_var rc_var)
  execute_process(COMMAND ${EMULATOR} ${AGENT} inventory ${ARGN}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${rc_var} "${rc}" PARENT_SCOPE)
endfunction()

function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "${what}: expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

run_agent(out err rc --sysroot "${WORK}/good" --format json)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "json on a clean sysroot: rc=${rc} stderr=${err}")
endif()
file(WRITE "${WORK}/inventory.json" "${out}")
expect_contains("${out}" "\"complete\": true" "clean sysroot")
# updates/0001 supersedes the status file's curl.
expect_contains("${out}" "\"purl\": \"pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12\"" "updates/")
expect_contains("${out}" "\"path\": \"/var/lib/dpkg/updates/0001\"" "evidence of updates/")
expect_contains("${out}" "\"state\": \"restart-pending\"" "reboot-required.pkgs")
expect_contains("${out}" "\"source_version\": \"6.1.76+1\"" "Source with version")
expect_contains("${out}" "\"purl\": \"pkg:generic/ale/hotfix-HF-12.4-0042\"" "hotfix")
expect_contains("${out}" "\"purl\": \"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1\"" "sbom")
string(FIND "${out}" "old-tool" pos)
if(NOT pos EQUAL -1)
  message(FATAL_ERROR "a config-files package was listed as installed")
endif()

run_agent(out err rc --sysroot "${WORK}/good" --format cyclonedx)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cyclonedx: rc=${rc} ${err}")
endif()
file(WRITE "${WORK}/bom.json" "${out}")
expect_contains("${out}" "\"specVersion\": \"1.5\"" "cyclonedx")

run_agent(out err rc --sysroot "${WORK}/good")
expect_contains("${out}" "omnipcx-enterprise" "table")
expect_contains("${out}" "dpkg: 3 items" "table summary")

# A damaged copy: garbage in the status file, a directory in place of the
# manifest. Still exit 0, warnings with file:line on stderr, complete=false.
file(COPY "${SYSROOT}/" DESTINATION "${WORK}/bad")
file(APPEND "${WORK}/bad/var/lib/dpkg/status" "\nPackage: broken\nthis line is garbage\n\nPackage: truncated\nStatus: install ok inst")
file(REMOVE "${WORK}/bad/etc/psirt/product-manifest.json")
file(MAKE_DIRECTORY "${WORK}/bad/etc/psirt/product-manifest.json")
run_agent(out err rc --sysroot "${WORK}/bad" --format json)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "damaged sysroot must still give an inventory: rc=${rc} ${err}")
endif()
expect_contains("${out}" "\"complete\": false" "damaged sysroot")
expect_contains("${err}" "var/lib/dpkg/status:32: not a 'Field: value' line" "garbage line warning")
expect_contains("${err}" "var/lib/dpkg/status:35: file ends in the middle of a line" "truncation warning")
expect_contains("${err}" "product-manifest.json: is a directory" "unreadable manifest")
expect_contains("${out}" "pkg:deb/debian/libssl3@" "the rest is still read")

run_agent(out err rc --format xml)
if(NOT rc EQUAL 2 OR NOT err MATCHES "unknown format 'xml'")
  message(FATAL_ERROR "bad --format must be a usage error: rc=${rc} ${err}")
endif()
