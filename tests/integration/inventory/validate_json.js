// Validates psirt-agent inventory outputs against the official CycloneDX 1.5
// JSON schema (@cyclonedx/cyclonedx-library, strict) and our own inventory
// JSON Schema (ajv). Also checks that each validator rejects a broken copy, so
// a validator that accepts everything cannot pass the test.
//   node validate_json.js BOM.json INVENTORY.json SCHEMA.json
// exit 0 valid, 1 invalid, 77 validators unavailable (ctest skip).
'use strict';
const fs = require('fs');
let cdx, Ajv;
try {
  cdx = require('@cyclonedx/cyclonedx-library');
  Ajv = require('ajv');
} catch (e) {
  console.error('validators unavailable (cd tools/npm && npm ci): ' + e.message);
  process.exit(77);
}
const [bomPath, invPath, schemaPath] = process.argv.slice(2);

async function main() {
  const validator = new cdx.Validation.JsonStrictValidator(cdx.Spec.Version.v1dot5);
  const bomText = fs.readFileSync(bomPath, 'utf8');
  const errors = await validator.validate(bomText);
  if (errors !== null) {
    console.error('CycloneDX 1.5 schema violations: ' + JSON.stringify(errors, null, 1));
    return 1;
  }
  const broken = JSON.parse(bomText);
  broken.components[0].type = 'not-a-component-type';
  if ((await validator.validate(JSON.stringify(broken))) === null) {
    console.error('the CycloneDX validator accepted a broken BOM');
    return 1;
  }
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  const inv = JSON.parse(fs.readFileSync(invPath, 'utf8'));
  if (!validate(inv)) {
    console.error('inventory schema violations: ' + JSON.stringify(validate.errors, null, 1));
    return 1;
  }
  inv.items[0].state = 'sleeping';
  if (validate(inv)) {
    console.error('the inventory schema accepted a broken document');
    return 1;
  }
  console.log('valid: ' + JSON.parse(bomText).components.length + ' components (CycloneDX 1.5), inventory schema ok');
  return 0;
}
main().then((rc) => process.exit(rc), (e) => { console.error(e); process.exit(1); });
