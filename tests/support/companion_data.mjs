// For node test scripts that need the companion test data (README
// "Companion test data", tests/companion_data.cmake).
// requireCompanionData(dir...) returns when every dir exists; otherwise it
// prints one line naming the knob and exits 77 (ctest: Skipped), or 1 under
// CI=true (CI must not pass by skipping).
import fs from 'node:fs'

export function requireCompanionData (...dirs) {
  for (const d of dirs) {
    if (fs.existsSync(d) && fs.statSync(d).isDirectory()) continue
    if (process.env.CI === 'true') {
      console.error(`CI=true: the companion test data is required (PSIRT_CONFORMANCE_DIR): ${d} is missing`)
      process.exit(1)
    }
    console.error(`conformance data not found (PSIRT_CONFORMANCE_DIR): ${d}`)
    process.exit(77)
  }
}
