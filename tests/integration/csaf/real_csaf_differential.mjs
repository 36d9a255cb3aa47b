// Differential test on REAL vendor documents (the companion data's real-csaf/:
// Red Hat, CISA, BSI, Siemens): `psirt-publish validate` against the reference CSAF
// validator (@secvisogram/csaf-validator-lib, pinned in tools/npm), document by
// document, for every test id we implement (see csaf_differential.mjs).
//
// `.json.xz` files are decompressed with `xz -dc` into WORK_DIR (the build
// tree), never next to the shared originals. Our binary runs ONCE over all
// documents with the default limits, so the largest Red Hat document (23 MB)
// also proves the publisher's default size cap takes real documents.
//
// Every disagreement must be listed in EXPECTED_TSV (file, test id, reason;
// docs/formats/csaf.md "Differences from the reference validator on real
// documents"). An unlisted disagreement fails, and so does a listed one that
// no longer occurs (the list must stay exact). A document we refuse must say
// why: at least one finding with a message.
//
// Usage: node real_csaf_differential.mjs NODE_MODULES_DIR PSIRT_PUBLISH REAL_CSAF_DIR WORK_DIR EXPECTED_TSV
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { compareDocument, describeDifference, loadReference, runOurs } from './differential_lib.mjs'
import { requireCompanionData } from '../../support/companion_data.mjs'

const [modulesDir, publish, realDir, workDir, expectedTsv] = process.argv.slice(2)
if (!modulesDir || !publish || !realDir || !workDir || !expectedTsv) {
  console.error('usage: node real_csaf_differential.mjs NODE_MODULES_DIR PSIRT_PUBLISH REAL_CSAF_DIR WORK_DIR EXPECTED_TSV')
  process.exit(2)
}
requireCompanionData(realDir)

let failures = 0
const fail = (msg) => {
  failures++
  console.log('FAIL ' + msg)
}

// The corpus as the README describes it; a changed corpus must be noticed.
const vendors = { redhat: 59, cisa: 158, bsi: 5, siemens: 1 }
const docs = [] // {name: "redhat/x.json[.xz]", file: path psirt-publish and the library read}
mkdirSync(workDir, { recursive: true })
for (const [vendor, count] of Object.entries(vendors)) {
  const names = readdirSync(path.join(realDir, vendor)).filter((n) => /\.json(\.xz)?$/.test(n)).sort()
  if (names.length !== count) fail(`expected ${count} ${vendor} documents, found ${names.length}`)
  for (const n of names) {
    let file = path.join(realDir, vendor, n)
    if (n.endsWith('.xz')) {
      const out = path.join(workDir, vendor + '-' + n.slice(0, -3))
      writeFileSync(out, execFileSync('xz', ['-dc', file], { maxBuffer: 256 << 20 }))
      file = out
    }
    docs.push({ name: `${vendor}/${n}`, file })
  }
}

// "file<TAB>test<TAB>reason" lines; '#' starts a comment line.
const expected = new Map()
for (const line of readFileSync(expectedTsv, 'utf8').split('\n')) {
  if (line.trim() === '' || line.startsWith('#')) continue
  const [name, id, reason] = line.split('\t')
  if (!name || !id || !reason) fail(`${expectedTsv}: malformed line '${line}'`)
  else expected.set(`${name}\t${id}`, reason)
}

const report = runOurs(publish, ['--no-publish-rules'], docs.map((d) => d.file))
const testIds = report.tests
const reference = await loadReference(modulesDir, testIds, fail)
const byFile = new Map(report.documents.map((d) => [d.file, d]))

let comparisons = 0
let refFailures = 0
let listed = 0
let refused = 0
const seen = new Set()
for (const { name, file } of docs) {
  const our = byFile.get(file)
  if (!our) {
    fail(`${name}: missing from our output`)
    continue
  }
  if (!our.ok) refused++
  if (our.ok !== (our.findings.length === 0) || our.findings.some((f) => !f.message)) {
    fail(`${name}: refused without saying why (ok=${our.ok}, ${our.findings.length} findings)`)
  }
  const r = await compareDocument(file, our, testIds, reference)
  comparisons += r.comparisons
  refFailures += r.refFailures
  for (const d of r.differences) {
    const key = `${name}\t${d.id}`
    seen.add(key)
    if (expected.has(key)) listed++
    else fail('unlisted difference: ' + describeDifference(name, d))
  }
  for (const u of r.unexpected) fail(`${name}: unexpected finding ${u}`)
}
for (const key of expected.keys()) {
  if (!seen.has(key)) fail(`listed difference no longer occurs: ${key.replace('\t', ' test ')}`)
}
console.log(`${docs.length} real documents x ${testIds.length} tests [${testIds.join(' ')}] = ${comparisons} comparisons, ` +
            `${refFailures} reference failures, ${refused} documents we refuse, ${listed} listed differences, ` +
            `${failures} failures`)
process.exit(failures === 0 ? 0 : 1)
