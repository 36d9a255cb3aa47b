// The JSON Schema of psirt-action/1 (docs/formats/action.schema.json) against
// the manifest table the C++ reader is tested on (manifests/): every good/
// example valid; every bad/ one invalid, except the rows expected.tsv marks
// "valid" (a rule beyond the schema, which the C++ reader alone enforces)
// and "unparsable" (not JSON at all).
// ajv is an implementation independent of ours, so the two agree on the
// table or the test fails.
//   node validate_action_schema.js SCHEMA MANIFESTS_DIR
// exit 0 agreement, 1 disagreement, 77 ajv unavailable (ctest skip).
'use strict';
const fs = require('fs');
const path = require('path');
let Ajv2020;
try {
  Ajv2020 = require('ajv/dist/2020');
} catch (e) {
  console.error('ajv unavailable (cd tools/npm && npm ci): ' + e.message);
  process.exit(77);
}
const [schemaPath, dir] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let bad = 0, checked = 0;
function expect(file, want) {
  let doc, got;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    got = validate(doc) ? 'valid' : 'invalid';
  } catch (e) {
    got = 'unparsable';
  }
  checked++;
  if (got !== want) {
    bad++;
    const why = validate.errors ? ': ' + validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ') : '';
    console.log(`DISAGREE: ${file}: schema says ${got}, expected ${want}${why}`);
  }
}
for (const f of fs.readdirSync(path.join(dir, 'good')).sort()) expect('good/' + f, 'valid');
const rows = fs.readFileSync(path.join(dir, 'expected.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
for (const row of rows) {
  const [file, want] = row.split('\t');
  expect('bad/' + file, want);
}
const invalid = rows.filter((r) => r.split('\t')[1] === 'invalid').length;
if (invalid < 60) {
  console.log(`only ${invalid} rows the schema must refuse: the table is too thin to compare`);
  bad++;
}
console.log(`${checked} manifests, ${bad} disagreement(s)`);
process.exit(bad ? 1 : 0);
