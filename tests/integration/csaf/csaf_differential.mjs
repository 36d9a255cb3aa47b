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
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [modulesDir, publish, conformance] = process.argv.slice(2)
if (!modulesDir || !publish || !conformance) {
  console.error('usage: node csaf_differential.mjs NODE_MODULES_DIR PSIRT_PUBLISH CONFORMANCE_DIR')
  process.exit(2)
}
const libDir = path.join(modulesDir, '@secvisogram', 'csaf-validator-lib')
const mandatory = await import(pathToFileURL(path.join(libDir, 'mandatoryTests.js')).href)
const schemaTests = await import(pathToFileURL(path.join(libDir, 'schemaTests.js')).href)

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

let ours
try {
  ours = execFileSync(publish, ['validate', '--json', '--no-publish-rules', ...docs], {
    maxBuffer: 256 << 20,
  })
} catch (e) {
  if (e.status !== 1) {
    console.error(`psirt-publish failed with status ${e.status}: ${e.stderr}`)
    process.exit(1)
  }
  ours = e.stdout
}
const report = JSON.parse(ours.toString('utf8'))
const testIds = report.tests
const reference = {}
for (const id of testIds) {
  reference[id] = id === 'schema' ? schemaTests.csaf_2_0_strict : mandatory['mandatoryTest_' + id.replaceAll('.', '_')]
  if (!reference[id]) fail(`no reference function for implemented test ${id}`)
}
const byFile = new Map(report.documents.map((d) => [d.file, d]))

let comparisons = 0
let refFailures = 0
for (const file of docs) {
  const our = byFile.get(file)
  if (!our) {
    fail(`${file}: missing from our output`)
    continue
  }
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  for (const id of testIds) {
    if (!reference[id]) continue
    const r = await reference[id](doc)
    const refPass = r.isValid !== false
    const ourPass = !our.findings.some((f) => f.test === id)
    comparisons++
    if (!refPass) refFailures++
    if (refPass !== ourPass) {
      const detail = our.findings.filter((f) => f.test === id).map((f) => `${f.pointer} ${f.message}`)
      const refDetail = (r.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
      fail(`${file} test ${id}: reference ${refPass ? 'pass' : 'FAIL'}, ours ${ourPass ? 'pass' : 'FAIL'}` +
           `\n    ours: ${JSON.stringify(detail).slice(0, 400)}\n    reference: ${JSON.stringify(refDetail).slice(0, 400)}`)
    }
  }
  // Findings outside the compared tests ("json", "limit") must not appear on these documents.
  for (const f of our.findings) {
    if (!testIds.includes(f.test)) fail(`${file}: unexpected finding ${f.test} ${f.pointer} ${f.message}`)
  }
}
for (const file of examples) {
  if (!byFile.get(file)?.ok) fail(`official example ${file} does not pass our validation`)
}
console.log(`${docs.length} documents (${validatorDocs.length} validator tests + ${examples.length} examples) x ` +
            `${testIds.length} tests [${testIds.join(' ')}] = ${comparisons} comparisons, ` +
            `${refFailures} expected failures, ${failures} disagreements`)
process.exit(failures === 0 ? 0 : 1)
