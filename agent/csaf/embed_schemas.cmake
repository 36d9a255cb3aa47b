# Writes OUT: the JSON Schemas in DIR as C++ string constants (raw literals),
# so the agent carries them without files at run time.
set(body "// Generated from agent/csaf/schemas by embed_schemas.cmake. Do not edit.\nnamespace psirt::csaf::detail {\n")
foreach(pair "kEmbeddedCsafSchema=csaf_2_0_strict.json" "kEmbeddedCvssV20Schema=cvss-v2.0.json"
             "kEmbeddedCvssV30Schema=cvss-v3.0.json" "kEmbeddedCvssV31Schema=cvss-v3.1.json")
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 name)
  list(GET parts 1 file)
  file(READ "${DIR}/${file}" content)
  string(APPEND body "extern const char* const ${name};\nconst char* const ${name} = R\"psirtjson(${content})psirtjson\";\n")
endforeach()
string(APPEND body "}  // namespace psirt::csaf::detail\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
