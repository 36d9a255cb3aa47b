# psirt-agent check end to end over the fixture of tests/support/check_fixture.h.
# Every report written here is validated against docs/formats/report.schema.json.
set(fx "${WORK}/fx")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
string(TIMESTAMP now "%s" UTC)
set(reports "")

function(agent expect_rc expect_regex)
  execute_process(COMMAND ${EMULATOR} ${AGENT} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL ${expect_rc} OR NOT "${out}${err}" MATCHES "${expect_regex}")
    message(FATAL_ERROR "psirt-agent ${ARGN}\nexpected exit ${expect_rc} matching '${expect_regex}', got ${rc}:\n${out}${err}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
  set(last_err "${err}" PARENT_SCOPE)
endfunction()

# report(<var> <file>): the "report" object of an envelope file; remembers the file for schema validation.
macro(read_report var file)
  file(READ "${file}" _envelope)
  string(JSON ${var} GET "${_envelope}" signed report)
  list(APPEND reports "${file}")
endmacro()

# The worst status of the verdicts of advisory `target` in report JSON `rep`.
function(worst_status out rep target)
  set(order affected under_investigation unknown fixed not_affected not_installed)
  string(JSON n LENGTH "${rep}" advisories)
  math(EXPR last "${n} - 1")
  set(best 99)
  set(found FALSE)
  foreach(i RANGE ${last})
    string(JSON t GET "${rep}" advisories ${i} target)
    if(t STREQUAL target)
      set(found TRUE)
      string(JSON nv LENGTH "${rep}" advisories ${i} verdicts)
      if(nv EQUAL 0)
        continue()
      endif()
      math(EXPR lv "${nv} - 1")
      foreach(j RANGE ${lv})
        string(JSON s GET "${rep}" advisories ${i} verdicts ${j} status)
        list(FIND order "${s}" rank)
        if(rank LESS best)
          set(best ${rank})
        endif()
      endforeach()
    endif()
  endforeach()
  if(best EQUAL 99 AND found)
    set(${out} "not_installed" PARENT_SCOPE)  # not_installed verdicts are counted, not listed
  elseif(best EQUAL 99)
    set(${out} "absent" PARENT_SCOPE)
  else()
    list(GET order ${best} name)
    set(${out} "${name}" PARENT_SCOPE)
  endif()
endfunction()

execute_process(COMMAND ${EMULATOR} ${FIXTURE} ${fx} ${DOCS} ${now} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check-fixture failed: ${err}")
endif()

# --- offline (bundle) and online (repository directory): identical verdicts
agent(0 "trusted root v1" trust init --state ${WORK}/state-b --custom-root ${fx}/root.json)
agent(0 "^{\"format\":\"psirt-agent-envelope/1\",\"signatures\":\\[\\],\"signed\":{\"previous\":" check --state ${WORK}/state-b --sysroot ${fx}/sysroot
      --bundle ${fx}/repo.psb --format json --out ${WORK}/bundle.json)
agent(0 "trusted root v1" trust init --state ${WORK}/state-r --custom-root ${fx}/root.json)
agent(0 "report: ${WORK}/repo.json" check --state ${WORK}/state-r --sysroot ${fx}/sysroot --repo ${fx}/repo
      --out ${WORK}/repo.json)
if(NOT last_out MATCHES "affected +High +7.5 +SA-N0999")
  message(FATAL_ERROR "table: the worst row (SA-N0999, High 7.5) is not first:\n${last_out}")
endif()
read_report(bundle_report ${WORK}/bundle.json)
read_report(repo_report ${WORK}/repo.json)
string(JSON bundle_adv GET "${bundle_report}" advisories)
string(JSON repo_adv GET "${repo_report}" advisories)
if(NOT bundle_adv STREQUAL repo_adv)
  message(FATAL_ERROR "bundle and repository verdicts differ")
endif()
string(JSON source GET "${bundle_report}" trust source)
string(JSON kind GET "${bundle_report}" scan kind)
if(NOT source STREQUAL "bundle" OR NOT kind STREQUAL "image scan")
  message(FATAL_ERROR "bundle report: source '${source}', scan kind '${kind}'")
endif()

# Every advisory's expected verdict (tests/support/check_fixture.cc).
file(STRINGS ${fx}/expected.tsv expected)
list(LENGTH expected n_expected)
string(JSON n_adv LENGTH "${repo_report}" advisories)
if(NOT n_adv EQUAL n_expected OR n_expected LESS 6)
  message(FATAL_ERROR "expected ${n_expected} advisories, report has ${n_adv}")
endif()
foreach(line IN LISTS expected)
  string(REPLACE "\t" ";" fields "${line}")
  list(GET fields 0 target)
  list(GET fields 1 want)
  worst_status(got "${repo_report}" ${target})
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "${target}: expected ${want}, got ${got}")
  endif()
endforeach()

# --- the repository turns hostile after a good update: exit 3, stale report from the last good set
agent(3 "update failed, the report is stale: trust failure: repository .*timestamp" check --state ${WORK}/state-r
      --sysroot ${fx}/sysroot --repo ${fx}/hostile --out ${WORK}/stale.json)
read_report(stale_report ${WORK}/stale.json)
string(JSON stale GET "${stale_report}" trust stale)
string(JSON stale_adv GET "${stale_report}" advisories)
if(NOT stale STREQUAL "ON" OR NOT stale_adv STREQUAL repo_adv)
  message(FATAL_ERROR "hostile repository: stale=${stale}, verdicts equal to the last good set expected")
endif()

# --- an inventory change without a new source is re-evaluated from the store
file(COPY ${fx}/sysroot/ DESTINATION ${WORK}/sysroot-upgraded)
file(READ ${WORK}/sysroot-upgraded/var/lib/dpkg/status status)
string(REPLACE "3.0.11-1~deb12u1" "3.0.11-1~deb12u2" status "${status}")
file(WRITE ${WORK}/sysroot-upgraded/var/lib/dpkg/status "${status}")
agent(0 "trust: store" check --state ${WORK}/state-r --sysroot ${WORK}/sysroot-upgraded --out ${WORK}/upgraded.json)
read_report(upgraded ${WORK}/upgraded.json)
worst_status(dsa "${upgraded}" advisories/debian-dsa.json)
string(JSON stale GET "${upgraded}" trust stale)
if(NOT dsa STREQUAL "fixed" OR NOT stale STREQUAL "OFF")
  message(FATAL_ERROR "after the upgrade: debian-dsa ${dsa} (expected fixed), stale ${stale}")
endif()

# --- a new repository version withdraws an advisory
agent(0 "withdrawn: advisories/under-investigation.json" check --state ${WORK}/state-r --sysroot ${fx}/sysroot
      --repo ${fx}/repo-v2 --out ${WORK}/v2.json)
read_report(v2 ${WORK}/v2.json)
string(JSON withdrawn GET "${v2}" withdrawn 0)
string(JSON targets_version GET "${v2}" trust targets_version)
if(NOT withdrawn STREQUAL "advisories/under-investigation.json" OR NOT targets_version EQUAL 2)
  message(FATAL_ERROR "v2: withdrawn '${withdrawn}', targets v${targets_version}")
endif()

# --- --fail-on
agent(4 "exposure at or above high" check --state ${WORK}/state-r --sysroot ${fx}/sysroot --fail-on high)
agent(4 "exposure at or above critical" check --state ${WORK}/state-r --sysroot ${fx}/sysroot --fail-on critical)
file(MAKE_DIRECTORY ${WORK}/sysroot-clean/etc ${WORK}/sysroot-clean/var/lib/dpkg)
file(COPY ${fx}/sysroot/etc/os-release DESTINATION ${WORK}/sysroot-clean/etc)
file(WRITE ${WORK}/sysroot-clean/var/lib/dpkg/status
     "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b2\n\n")
agent(0 "0 affected" check --state ${WORK}/state-r --sysroot ${WORK}/sysroot-clean --fail-on none
      --out ${WORK}/clean.json)
read_report(clean ${WORK}/clean.json)
# A partial dpkg database: the Debian advisory is unknown, which counts unless --ignore-unknown.
file(COPY ${WORK}/sysroot-clean/ DESTINATION ${WORK}/sysroot-partial)
file(WRITE ${WORK}/sysroot-partial/var/lib/dpkg/status
     "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n\nPackage: broken\nVersion 1\n")
agent(4 "1 unknown" check --state ${WORK}/state-r --sysroot ${WORK}/sysroot-partial --fail-on critical
      --out ${WORK}/partial.json)
read_report(partial ${WORK}/partial.json)
agent(0 "partial inventory: dpkg" check --state ${WORK}/state-r --sysroot ${WORK}/sysroot-partial --fail-on critical
      --ignore-unknown)
agent(2 "--fail-on must be" check --state ${WORK}/state-r --fail-on severe)
agent(2 "mutually exclusive" check --state ${WORK}/state-r --repo ${fx}/repo --bundle ${fx}/repo.psb)

# --- --max-document-bytes: a document over the cap is refused (listed with the reason), never evaluated
agent(2 "--max-document-bytes must be" check --state ${WORK}/state-r --max-document-bytes 12x)
agent(2 "--max-document-bytes must be" check --state ${WORK}/state-r --max-document-bytes 10)
agent(0 "refused" check --state ${WORK}/state-r --sysroot ${fx}/sysroot --max-document-bytes 1024
      --out ${WORK}/capped.json)
read_report(capped ${WORK}/capped.json)
string(JSON n_capped LENGTH "${capped}" advisories)
string(JSON n_refused LENGTH "${capped}" refused)
string(JSON refused_reason GET "${capped}" refused 0 reason)
if(NOT n_capped EQUAL 0 OR n_refused LESS 5 OR NOT refused_reason MATCHES "longer than the limit of 1024 bytes")
  message(FATAL_ERROR "--max-document-bytes 1024: ${n_capped} advisories evaluated, ${n_refused} refused: ${refused_reason}")
endif()

# --- bad input: one clear error, non-zero exit, previous report and trusted state untouched
file(SHA256 ${WORK}/state-b/reports/last.json report_before)
file(SHA256 ${WORK}/state-b/metadata/timestamp.json ts_before)
file(READ ${WORK}/state-b/current-set set_before)
agent(3 "bundle is for another repository" check --state ${WORK}/state-b --sysroot ${fx}/sysroot
      --bundle ${fx}/foreign.psb)
agent(2 "no trusted root in the state directory" check --state ${WORK}/no-such-state --sysroot ${fx}/sysroot)
agent(1 "sysroot does not exist" check --state ${WORK}/state-b --sysroot ${WORK}/no-such-sysroot)
agent(1 "writing the report" check --state ${WORK}/state-b --sysroot ${fx}/sysroot --out ${WORK}/no-dir/r.json)
# A full disk while writing the report (RLIMIT_FSIZE: writes fail with EFBIG).
execute_process(COMMAND sh -c "ulimit -f 4; trap '' XFSZ; exec \"$@\"" sh ${EMULATOR} ${AGENT}
                check --state ${WORK}/state-b --sysroot ${fx}/sysroot --format json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "writing the report")
  message(FATAL_ERROR "full disk: expected exit 1 'writing the report', got ${rc}: ${err}")
endif()
file(SHA256 ${WORK}/state-b/reports/last.json report_after)
file(SHA256 ${WORK}/state-b/metadata/timestamp.json ts_after)
file(READ ${WORK}/state-b/current-set set_after)
if(NOT report_before STREQUAL report_after OR NOT ts_before STREQUAL ts_after OR NOT set_before STREQUAL set_after)
  message(FATAL_ERROR "bad input changed the previous report or the trusted state")
endif()
# A damaged trusted set is refused, not evaluated.
file(COPY ${WORK}/state-b/ DESTINATION ${WORK}/state-damaged)
string(STRIP "${set_before}" n)
file(WRITE ${WORK}/state-damaged/sets/${n}/index "{\"format\": \"psirt-trusted-set/1\"")
agent(1 "damaged trusted set" check --state ${WORK}/state-damaged --sysroot ${fx}/sysroot)
# A damaged report chain: refused, the previous report kept.
file(COPY ${WORK}/state-b/ DESTINATION ${WORK}/state-chain)
file(WRITE ${WORK}/state-chain/reports/chain "7 not-a-hash\n")
agent(1 "malformed report chain" check --state ${WORK}/state-chain --sysroot ${fx}/sysroot)
file(SHA256 ${WORK}/state-chain/reports/last.json chain_report)
if(NOT chain_report STREQUAL report_before)
  message(FATAL_ERROR "a damaged chain replaced the previous report")
endif()

# --- every report written above validates against the schema (ajv, independent of our code)
find_program(NODE node REQUIRED)
execute_process(COMMAND ${NODE} ${VALIDATOR} ${SCHEMA} ${reports} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report schema validation failed:\n${out}${err}")
endif()
list(LENGTH reports n_reports)
message(STATUS "cli_check: ${n_reports} reports valid against the schema")
