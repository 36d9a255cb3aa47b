// Generates CVSS reference vectors scored by FIRST's own calculators (the
// copies shipped in @secvisogram/csaf-validator-lib, pinned in tools/npm):
// cvsscalc30.js, cvsscalc31.js and cvss40.js. The shared conformance set has
// few v3.x temporal/environmental and v4.0 environmental vectors; these
// pseudo-random ones (fixed seed, so the output is reproducible) fill the gap.
//
// usage: node tools/cvss/gen_first_reference.mjs NODE_MODULES OUT_DIR
// writes OUT_DIR/first_calc30, first_calc31, first_cvss40 in the line format of
// the Red Hat vector files: "<vector> - (base, temporal, environmental)" for
// v3.x and "<vector> - score" for v4.0.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';

const [nodeModules, outDir] = process.argv.slice(2);
const first = path.join(nodeModules, '@secvisogram/csaf-validator-lib/lib/shared/first');
const load = async (f) => import(url.pathToFileURL(path.join(first, f)).href);
const CVSS30 = (await load('cvsscalc30.js')).default;
const CVSS31 = (await load('cvsscalc31.js')).default;
const { CVSS40 } = await load('cvss40.js');

let seed = 0x5eed1234;  // mulberry32
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

const v3Base = [['AV', 'NALP'], ['AC', 'LH'], ['PR', 'NLH'], ['UI', 'NR'], ['S', 'UC'], ['C', 'HLN'], ['I', 'HLN'], ['A', 'HLN']];
const v3Optional = [['E', 'XUPFH'], ['RL', 'XOTWU'], ['RC', 'XURC'], ['CR', 'XLMH'], ['IR', 'XLMH'], ['AR', 'XLMH'],
  ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MPR', 'XNLH'], ['MUI', 'XNR'], ['MS', 'XUC'], ['MC', 'XHLN'], ['MI', 'XHLN'], ['MA', 'XHLN']];
function v3Vector(version, probability) {
  const parts = v3Base.map(([m, v]) => `${m}:${pick(v)}`);
  for (const [m, v] of v3Optional) if (rand() < probability) parts.push(`${m}:${pick(v)}`);
  return `CVSS:${version}/` + parts.join('/');
}

const v4Base = [['AV', 'NALP'], ['AC', 'LH'], ['AT', 'NP'], ['PR', 'NLH'], ['UI', 'NPA'], ['VC', 'HLN'], ['VI', 'HLN'],
  ['VA', 'HLN'], ['SC', 'HLN'], ['SI', 'HLN'], ['SA', 'HLN']];
const v4Optional = [['E', ['X', 'A', 'P', 'U']], ['CR', ['X', 'H', 'M', 'L']], ['IR', ['X', 'H', 'M', 'L']],
  ['AR', ['X', 'H', 'M', 'L']], ['MAV', ['X', 'N', 'A', 'L', 'P']], ['MAC', ['X', 'L', 'H']], ['MAT', ['X', 'N', 'P']],
  ['MPR', ['X', 'N', 'L', 'H']], ['MUI', ['X', 'N', 'P', 'A']], ['MVC', ['X', 'H', 'L', 'N']], ['MVI', ['X', 'H', 'L', 'N']],
  ['MVA', ['X', 'H', 'L', 'N']], ['MSC', ['X', 'H', 'L', 'N']], ['MSI', ['X', 'S', 'H', 'L', 'N']],
  ['MSA', ['X', 'S', 'H', 'L', 'N']], ['S', ['X', 'N', 'P']], ['AU', ['X', 'N', 'Y']], ['R', ['X', 'A', 'U', 'I']],
  ['V', ['X', 'D', 'C']], ['RE', ['X', 'L', 'M', 'H']], ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']]];
function v4Vector(probability) {
  const parts = v4Base.map(([m, v]) => `${m}:${pick(v)}`);
  for (const [m, v] of v4Optional) if (rand() < probability) parts.push(`${m}:${pick(v)}`);
  return 'CVSS:4.0/' + parts.join('/');
}

function writeV3(file, calc, version, count) {
  const seen = new Set();
  const lines = [];
  while (lines.length < count) {
    const v = v3Vector(version, 0.6);
    if (seen.has(v)) continue;
    seen.add(v);
    const r = calc.calculateCVSSFromVector(v);
    if (!r.success) throw new Error(`${v}: ${r.errorType}`);
    lines.push(`${v} - (${r.baseMetricScore}, ${r.temporalMetricScore}, ${r.environmentalMetricScore})`);
  }
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n');
}

function writeV4(file, count) {
  const seen = new Set();
  const lines = [];
  while (lines.length < count) {
    const v = v4Vector(0.5);
    if (seen.has(v)) continue;
    seen.add(v);
    lines.push(`${v} - ${new CVSS40(v).score.toFixed(1)}`);
  }
  fs.writeFileSync(path.join(outDir, file), lines.join('\n') + '\n');
}

fs.mkdirSync(outDir, { recursive: true });
writeV3('first_calc30', CVSS30, '3.0', 1000);
writeV3('first_calc31', CVSS31, '3.1', 2000);
writeV4('first_cvss40', 2000);
