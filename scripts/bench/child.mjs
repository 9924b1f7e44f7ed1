// One measurement in a fresh process, so the peak memory is this import's alone:
//   node scripts/bench/child.mjs MODE FILE CORE_JS [REPEAT]
// MODE import: read the file, then importProfiles (parse + tree + statistics), REPEAT times
//   (the first run is the cold one a page's fresh worker sees); then, for the record, what the
//   page derives from it on its main thread (rows sorted by cumtime, subtree sizes, the visible part).
// MODE json: TextDecoder + JSON.parse of the same bytes, the floor for JSON formats.
// Prints one JSON line: ms (first run), bestMs, maxRssMB (this process's peak RSS, see peakRss), rssBeforeMB
// (RSS before importing: with the file read, unless holdsFile is false).
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [mode, file, corePath, repeatArg] = process.argv.slice(2);
const repeat = Math.max(1, Number(repeatArg) || 1);
const core = await import(pathToFileURL(corePath).href);
// As the worker reads a File: a plain .prof through a window of the file (a ByteSource, see
// src/core/formats/source.ts), anything else read whole first (then RSS before includes it).
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const readAt = (offset, length) => {
  const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
  const n = readSync(fd, out, 0, out.length, offset);
  return out.subarray(0, n);
};
const windowed = mode === 'import' && core.scansThroughWindow(readAt(0, 16));
let bytes = null;
if (!windowed) {
  const buf = readFileSync(file); // a Buffer is a Uint8Array: no copy
  bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
const input = windowed ? { size, read: readAt } : bytes;

// The peak RSS of this process alone. getrusage's maxRSS is not: Linux carries the parent's
// high-water mark over fork and exec, so a child of a bench process that had just built the page
// (~170 MB) reported that as its own peak. /proc's VmHWM belongs to this process's memory map, and
// writing 5 to clear_refs resets it to the RSS of the moment.
function peakRss() {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  } catch {
    return process.resourceUsage().maxRSS * 1024;
  }
}
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch { /* not Linux, or not allowed: the peak then includes what came before */ }
const rssBefore = process.memoryUsage().rss;
const out = { mode, file, bytes: size, holdsFile: !windowed };
const times = [];
let result;
for (let r = 0; r < repeat; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  result = mode === 'json' ? JSON.parse(new TextDecoder().decode(bytes)) : core.importProfiles(input, { name: file.split('/').pop() });
  times.push(performance.now() - t0);
  if (r === 0) {
    const c = process.cpuUsage(c0);
    out.cpuMs = (c.user + c.system) / 1000; // includes V8's GC helper threads
    out.maxRssAfterFirstMB = peakRss() / 2 ** 20;
  }
}
out.ms = times[0];
out.bestMs = Math.min(...times);
if (mode !== 'json') {
  const p = result[0];
  out.profiles = result.length;
  out.format = p.format;
  out.nodes = p.tree.size;
  out.frames = p.frames.length;
  out.edges = p.graph ? p.graph.size : 0;
  const t1 = performance.now();
  const rows = core.sortRows(core.functionRows(p), p.frames, 'cumtime');
  const t2 = performance.now();
  const sizes = core.subtreeSizes(p.tree);
  const visible = core.visibleSubtree(p.tree, sizes, 0, 10, 0.001);
  const t3 = performance.now();
  out.rows = rows.length;
  out.rowsMs = t2 - t1;
  out.visibleMs = t3 - t2;
  out.visible = visible.count;
}
out.maxRssMB = out.maxRssAfterFirstMB;
out.rssBeforeMB = rssBefore / 2 ** 20;
closeSync(fd);
process.stdout.write(JSON.stringify(out) + '\n');
