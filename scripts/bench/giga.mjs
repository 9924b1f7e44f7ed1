// Gigabyte profiles (issue 18, item 3): a 1 GB .cpuprofile, callgrind file, perf script and
// collapsed file, generated with the same generators as the other bench files (so of the same
// realistic shape, only longer), opened in the page in headless Chromium with its default heap
// limits: time from the file chosen to the chart drawn, the whole renderer's peak memory, and what
// the page said. Also `profburst stats` on each as a process (time, peak RSS), and on a 2 GB
// collapsed file. Also run by run.mjs with --giga; alone:
//   node scripts/bench/giga.mjs [--no-browser] [--no-cli] [--dir DIR]
// The files (4-6 GB in all) are kept in DIR (default $TMPDIR/profburst-giga) with a size stamp.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Out, writeCallgrind, writeCpuProfile } from './generate.mjs';
import { writeCollapsed, writePerfScript } from './generate-stacks.mjs';

const GB = 2 ** 30;
const STAMP = 'g1';

const MAKERS = {
  // 4.6 M nodes: the tree of a long recording of a big app (~1 GiB)
  'giga.cpuprofile': (path) => writeCpuProfile(path, { nodes: 4_600_000, seed: 21 }),
  'giga.callgrind': (path) => writeCallgrind(path, { minBytes: GB, seed: 22 }),
  'giga.perf.txt': (path) => writePerfScript(path, Out, { targetBytes: GB, seed: 23 }),
  'giga.collapsed': (path) => writeCollapsed(path, Out, { targetBytes: GB, seed: 24 }),
  // the CLI's limit (issue 18: stats handles 2 GB files)
  'two-gb.collapsed': (path) => writeCollapsed(path, Out, { targetBytes: 2 * GB, seed: 25 }),
};

export function generateGiga(dir, names = Object.keys(MAKERS), log = console.log) {
  mkdirSync(dir, { recursive: true });
  const stampFile = join(dir, 'stamp.json');
  const stamps = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
  const out = [];
  for (const name of names) {
    const path = join(dir, name);
    const old = stamps[name];
    if (!(old && old.stamp === STAMP && existsSync(path) && statSync(path).size === old.bytes)) {
      const t = performance.now();
      const info = MAKERS[name](path);
      stamps[name] = { stamp: STAMP, bytes: info.bytes };
      writeFileSync(stampFile, JSON.stringify(stamps, null, 2));
      log(`generated ${name}: ${(info.bytes / GB).toFixed(2)} GiB in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    out.push({ name, path, bytes: statSync(path).size });
  }
  return out;
}

/** `profburst stats FILE` as a whole process: wall time, peak RSS, exit status, its first words. */
export function cliStats(cli, file) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'stats', file, '--limit', '3'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t;
  const lines = (r.stderr ?? '').trim().split('\n');
  const peakKB = Number(lines.at(-1));
  return { ms, status: r.status, peakBytes: peakKB * 1024, out: (r.stdout ?? '').split('\n').slice(0, 2).join(' | '), err: lines.slice(0, -1).join(' | ').slice(0, 200) };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const args = process.argv.slice(2);
  const flag = (f) => args.includes(f);
  const dirAt = args.indexOf('--dir');
  const dir = resolve(dirAt >= 0 ? args[dirAt + 1] : join(tmpdir(), 'profburst-giga'));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const files = generateGiga(dir);
  const rows = [];
  if (!flag('--no-cli')) {
    const cli = join(root, 'bin/profburst.js');
    if (!existsSync(join(root, 'dist-cli'))) execFileSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'inherit' });
    for (const f of files) {
      console.error(`cli: profburst stats ${f.name} ...`);
      rows.push({ name: f.name, bytes: f.bytes, cli: cliStats(cli, f.path) });
    }
  }
  if (!flag('--no-browser')) {
    const { measureGigaPage } = await import('./gigaPage.mjs');
    for (const f of files.filter((x) => x.name.startsWith('giga.'))) {
      console.error(`browser: ${f.name} ...`);
      const row = rows.find((r) => r.name === f.name) ?? rows[rows.push({ name: f.name, bytes: f.bytes }) - 1];
      row.page = await measureGigaPage(root, f.path);
    }
  }
  if (!flag('--no-browser')) await (await import('./gigaPage.mjs')).closeGigaPage();
  console.log(JSON.stringify(rows, null, 2));
}
