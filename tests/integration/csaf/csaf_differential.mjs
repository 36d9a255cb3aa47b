// Differential test: `psirt-publish validate` against the reference CSAF
// validator (@secvisogram/csaf-validator-lib, pinned in tools/npm).
//
// The library is loaded ONCE; our binary runs ONCE over every document
// (--json). For every document and every test id our binary reports as
// implemented ("schema" = the lib's csaf_2_0_strict; "6.1.x" = the lib's
// mandatoryTest_6_1_x), our pass/fail must equal the library's. Any
// disagreement fails, naming the document and the test.
//
// Usage: node csaf_differential.mjs NODE_MODULES_DIR PSIRT_PUBLISH CONFORMANCE_DIR
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { compareDocument, describeDifference, loadReference, runOurs } from './differential_lib.mjs'
import { requireCompanionData } from '../../support/companion_data.mjs'

const [modulesDir, publish, conformance] = process.argv.slice(2)
if (!modulesDir || !publish || !conformance) {
  console.error('usage: node csaf_differential.mjs NODE_MODULES_DIR PSIRT_PUBLISH CONFORMANCE_DIR')
  process.exit(2)
}
requireCompanionData(conformance)

function jsonFiles(dir) {
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) out.push(...jsonFiles(p))
    else if (name.endsWith('.json')) out.push(p)
  }
  return out
}

const validatorDir = path.join(conformance, 'csaf', 'test', 'validator', 'data')
const validatorDocs = ['mandatory', 'optional', 'informative']
  .flatMap((d) => jsonFiles(path.join(validatorDir, d)))
  .filter((p) => !p.includes('TEMPLATE'))
const examples = jsonFiles(path.join(conformance, 'csaf', 'examples', 'csaf'))
let failures = 0
const fail = (msg) => {
  failures++
  console.log('FAIL ' + msg)
}
if (validatorDocs.length !== 239) fail(`expected 239 validator test documents, found ${validatorDocs.length}`)
if (examples.length !== 19) fail(`expected 19 official examples, found ${examples.length}`)
const docs = [...validatorDocs, ...examples]

const report = runOurs(publish, ['--no-publish-rules'], docs)
const testIds = report.tests
const reference = await loadReference(modulesDir, testIds, fail)
const byFile = new Map(report.documents.map((d) => [d.file, d]))

let comparisons = 0
let refFailures = 0
for (const file of docs) {
  const our = byFile.get(file)
  if (!our) {
    fail(`${file}: missing from our output`)
    continue
  }
  const r = await compareDocument(file, our, testIds, reference)
  comparisons += r.comparisons
  refFailures += r.refFailures
  for (const d of r.differences) fail(describeDifference(file, d))
  // Findings outside the compared tests ("json", "limit") must not appear on these documents.
  for (const u of r.unexpected) fail(`${file}: unexpected finding ${u}`)
}
for (const file of examples) {
  if (!byFile.get(file)?.ok) fail(`official example ${file} does not pass our validation`)
}
console.log(`${docs.length} documents (${validatorDocs.length} validator tests + ${examples.length} examples) x ` +
            `${testIds.length} tests [${testIds.join(' ')}] = ${comparisons} comparisons, ` +
            `${refFailures} expected failures, ${failures} disagreements`)
process.exit(failures === 0 ? 0 : 1)
