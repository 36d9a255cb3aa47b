// Shared by the differential tests (csaf_differential.mjs, real_csaf_differential.mjs):
// run `psirt-publish validate --json` ONCE over many documents, load the
// reference validator (@secvisogram/csaf-validator-lib) ONCE, and compare the
// two document by document for every test id our binary reports as
// implemented ("schema" = the library's csaf_2_0_strict; "6.1.x" = its
// mandatoryTest_6_1_x). The callers decide what a disagreement means.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

// Our report: {tests: [...], documents: [{file, ok, findings}]}. Exit 1 (some
// document failed) is a normal outcome; anything else aborts the test.
export function runOurs(publish, args, files) {
  let out
  try {
    out = execFileSync(publish, ['validate', '--json', ...args, ...files], { maxBuffer: 256 << 20 })
  } catch (e) {
    if (e.status !== 1) {
      console.error(`psirt-publish failed with status ${e.status}: ${e.stderr}`)
      process.exit(1)
    }
    out = e.stdout
  }
  return JSON.parse(out.toString('utf8'))
}

// Test id -> reference function; ids the library lacks are reported to `fail`.
export async function loadReference(modulesDir, testIds, fail) {
  const libDir = path.join(modulesDir, '@secvisogram', 'csaf-validator-lib')
  const mandatory = await import(pathToFileURL(path.join(libDir, 'mandatoryTests.js')).href)
  const schemaTests = await import(pathToFileURL(path.join(libDir, 'schemaTests.js')).href)
  const reference = {}
  for (const id of testIds) {
    reference[id] = id === 'schema' ? schemaTests.csaf_2_0_strict : mandatory['mandatoryTest_' + id.replaceAll('.', '_')]
    if (!reference[id]) fail(`no reference function for implemented test ${id}`)
  }
  return reference
}

// Compares one document. Returns {comparisons, refFailures, differences:
// [{id, refPass, ourPass, ours, reference}]} and reports findings of a test
// id outside the compared ones ("json", "limit", "io") as `unexpected`.
export async function compareDocument(file, our, testIds, reference) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  const result = { comparisons: 0, refFailures: 0, differences: [], unexpected: [] }
  for (const id of testIds) {
    if (!reference[id]) continue
    const r = await reference[id](doc)
    const refPass = r.isValid !== false
    const ourPass = !our.findings.some((f) => f.test === id)
    result.comparisons++
    if (!refPass) result.refFailures++
    if (refPass !== ourPass) {
      result.differences.push({
        id,
        refPass,
        ourPass,
        ours: our.findings.filter((f) => f.test === id).map((f) => `${f.pointer} ${f.message}`),
        reference: (r.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
      })
    }
  }
  for (const f of our.findings) {
    if (!testIds.includes(f.test)) result.unexpected.push(`${f.test} ${f.pointer} ${f.message}`)
  }
  return result
}

// One line for a disagreement: who says what, with the first messages of each.
export function describeDifference(file, d) {
  return `${file} test ${d.id}: reference ${d.refPass ? 'pass' : 'FAIL'}, ours ${d.ourPass ? 'pass' : 'FAIL'}` +
    `\n    ours: ${JSON.stringify(d.ours).slice(0, 400)}\n    reference: ${JSON.stringify(d.reference).slice(0, 400)}`
}
