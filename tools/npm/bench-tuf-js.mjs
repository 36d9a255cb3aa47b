// node tools/npm/bench-tuf-js.mjs REPO_DIR ROOT_JSON WORK_DIR TARGETS_LIST
// The tuf-js side of the TUF refresh benchmark (bench/README.md, issue #5):
// a full refresh (root, timestamp, snapshot, targets, delegated roles) of the
// repository in REPO_DIR into a fresh WORK_DIR, then getTargetInfo +
// downloadTarget (length and hashes verified) of every target named in
// TARGETS_LIST (one target path per line; the workload's expected.tsv works:
// only the first tab-separated field is used). tuf-js 5.0.1 (pinned by
// package-lock.json), sequential, as its documentation shows.
//
// Transport: a BaseFetcher that reads file:// URLs from local files (no
// HTTP on either side: psirt-agent reads the same directory with
// `update --repo DIR`). A missing file is a 404 (the end of the root chain).
import { createReadStream, existsSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { Updater, BaseFetcher } = require('tuf-js');
const { DownloadHTTPError } = require('tuf-js/dist/error');

class LocalFileFetcher extends BaseFetcher {
  async fetch(url) {
    const file = fileURLToPath(url);
    if (!existsSync(file)) throw new DownloadHTTPError(`not found: ${file}`, 404);
    return Readable.toWeb(createReadStream(file));
  }
}

const [repoDir, rootJson, workDir, listFile] = process.argv.slice(2);
if (!listFile) {
  console.error('usage: bench-tuf-js.mjs REPO_DIR ROOT_JSON WORK_DIR TARGETS_LIST');
  process.exit(2);
}
const metadataDir = path.join(workDir, 'metadata');
const targetDir = path.join(workDir, 'targets');
mkdirSync(metadataDir, { recursive: true });
mkdirSync(targetDir, { recursive: true });
copyFileSync(rootJson, path.join(metadataDir, 'root.json'));
const base = pathToFileURL(path.resolve(repoDir)).toString();
const updater = new Updater({
  metadataDir,
  metadataBaseUrl: `${base}/metadata`,
  targetDir,
  targetBaseUrl: `${base}/targets`,
  fetcher: new LocalFileFetcher(),
});
try {
  await updater.refresh();
  const names = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
  let n = 0;
  for (const name of names) {
    const info = await updater.getTargetInfo(name);
    if (!info) throw new Error(`target not found: ${name}`);
    await updater.downloadTarget(info, path.join(targetDir, String(n++)));
  }
  console.log(`tuf-js: ${n} targets verified`);
} catch (e) {
  console.error(`tuf-js: ${e.message}`);
  process.exit(1);
}
