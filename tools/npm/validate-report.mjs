// node tools/npm/validate-report.mjs SCHEMA REPORT...
// Validates psirt-agent report envelopes against docs/formats/report.schema.json
// with ajv (JSON Schema 2020-12), an implementation independent of ours.
// Prints one line per file; exits 1 if any file is invalid, 2 on usage.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;

const [schemaPath, ...reports] = process.argv.slice(2);
if (!schemaPath || reports.length === 0) {
  console.error('usage: validate-report.mjs SCHEMA REPORT...');
  process.exit(2);
}
// strictRequired off: if/then clauses name properties defined beside them.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let bad = 0;
for (const path of reports) {
  if (validate(JSON.parse(readFileSync(path, 'utf8')))) {
    console.log(`valid: ${path}`);
  } else {
    bad++;
    for (const e of validate.errors) console.log(`INVALID: ${path}: ${e.instancePath || '/'} ${e.message}`);
  }
}
process.exit(bad ? 1 : 0);
