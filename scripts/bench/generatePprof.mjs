// The benchmark's big pprof file (scripts/bench/generate.mjs lists it as big.pprof): a profile.proto
// shaped like a long Go CPU profile, not gzipped (the figure is the decoder's; gunzip is measured
// with every format's .gz elsewhere), ~100 MB:
//   - 20 000 functions in 1 500 files, 60 000 locations, a fifth of them with 2-3 inlined lines;
//   - ~750 000 samples, each a distinct-ish stack 4-80 deep, leaf first, packed location ids, two
//     values (samples/count, cpu/nanoseconds) as Go writes them, a `worker` label on a third;
//   - stacks made by a walk that keeps most of the previous stack, so they share prefixes as an
//     aggregated profile's do (see the tree size it prints), with recursion here and there.
// Deterministic (seeded), written in order: sample types, samples, locations, functions, strings.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  return next;
}

/** protobuf bytes into a buffer flushed to the file as it fills */
class Writer {
  constructor(path) {
    this.path = path;
    this.fd = openSync(`${path}.part`, 'w');
    this.buf = new Uint8Array(1 << 22);
    this.n = 0;
    this.bytes = 0;
    this.scratch = new Uint8Array(1 << 16);
  }
  flush() {
    writeSync(this.fd, this.buf, 0, this.n);
    this.bytes += this.n;
    this.n = 0;
  }
  raw(bytes, length) {
    if (this.n + length > this.buf.length) this.flush();
    this.buf.set(bytes.subarray(0, length), this.n);
    this.n += length;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    renameSync(`${this.path}.part`, this.path);
    return this.bytes;
  }
}

/** one message at a time, in a scratch buffer, so its length is known before it is copied out */
class Msg {
  constructor() {
    this.b = new Uint8Array(1 << 16);
    this.n = 0;
  }
  reset() { this.n = 0; return this; }
  varint(v) {
    if (this.n + 10 > this.b.length) { const g = new Uint8Array(this.b.length * 2); g.set(this.b); this.b = g; }
    while (v >= 0x80) { this.b[this.n++] = (v % 128) | 0x80; v = Math.floor(v / 128); }
    this.b[this.n++] = v;
  }
  key(field, wire) { this.varint(field * 8 + wire); }
  field(field, v) { this.key(field, 0); this.varint(v); }
  sub(field, m) {
    this.key(field, 2);
    this.varint(m.n);
    if (this.n + m.n > this.b.length) { const g = new Uint8Array(Math.max(this.b.length * 2, this.n + m.n)); g.set(this.b); this.b = g; }
    this.b.set(m.b.subarray(0, m.n), this.n);
    this.n += m.n;
  }
  bytes(field, bytes) {
    this.key(field, 2);
    this.varint(bytes.length);
    if (this.n + bytes.length > this.b.length) { const g = new Uint8Array(Math.max(this.b.length * 2, this.n + bytes.length)); g.set(this.b); this.b = g; }
    this.b.set(bytes, this.n);
    this.n += bytes.length;
  }
}

const PKGS = ['main', 'net/http', 'encoding/json', 'runtime', 'sync', 'bufio', 'compress/flate', 'crypto/sha256', 'regexp', 'sort', 'strings', 'bytes', 'fmt', 'io', 'os', 'github.com/acme/api', 'github.com/acme/store', 'google.golang.org/grpc', 'github.com/lib/pq'];
const VERBS = ['Get', 'Set', 'Read', 'Write', 'Encode', 'Decode', 'Serve', 'Handle', 'Parse', 'Scan', 'Flush', 'Lock', 'Unlock', 'Match', 'Sort', 'Hash', 'Compress', 'Marshal', 'Unmarshal', 'Dial'];
const NOUNS = ['Request', 'Response', 'Header', 'Body', 'Conn', 'Buffer', 'Token', 'Row', 'Value', 'Map', 'Slice', 'String', 'Frame', 'Block', 'Stream', 'Pool'];

export function writePprof(path, { samples: sampleCount = 750_000, seed = 11 } = {}) {
  const r = rng(seed);
  const enc = new TextEncoder();
  const strings = [''];
  const stringIndex = new Map([['', 0]]);
  const str = (s) => {
    let i = stringIndex.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); stringIndex.set(s, i); }
    return i;
  };
  const FUNCS = 20_000, FILES = 1_500, LOCS = 60_000;
  const fnName = new Int32Array(FUNCS + 1), fnFile = new Int32Array(FUNCS + 1), fnLine = new Int32Array(FUNCS + 1);
  const files = Array.from({ length: FILES }, (_, i) => str(`/home/dev/go/src/${PKGS[i % PKGS.length]}/${NOUNS[i % NOUNS.length].toLowerCase()}${i}.go`));
  for (let f = 1; f <= FUNCS; f++) {
    const pkg = PKGS[r.int(PKGS.length)];
    fnName[f] = str(`${pkg}.(*${NOUNS[r.int(NOUNS.length)]}${f % 97}).${VERBS[r.int(VERBS.length)]}${NOUNS[r.int(NOUNS.length)]}${f}`);
    fnFile[f] = files[r.int(FILES)];
    fnLine[f] = 1 + r.int(2000);
  }
  // location -> lines (innermost first); each location's callees: a few likely next locations
  const locLines = [];
  for (let l = 1; l <= LOCS; l++) {
    const n = r() < 0.2 ? 2 + r.int(2) : 1;
    locLines.push(Array.from({ length: n }, () => [1 + r.int(FUNCS), 1 + r.int(3000)]));
  }
  const callees = Array.from({ length: LOCS + 1 }, () => Array.from({ length: 2 + r.int(6) }, () => 1 + r.int(LOCS)));
  const roots = Array.from({ length: 8 }, () => 1 + r.int(LOCS));

  const out = new Writer(path);
  const m = new Msg(), a = new Msg(), b = new Msg(), c = new Msg();
  const emit = (field, msg) => { m.reset(); m.sub(field, msg); out.raw(m.b, m.n); };
  for (const [type, unit] of [['samples', 'count'], ['cpu', 'nanoseconds']]) {
    a.reset(); a.field(1, str(type)); a.field(2, str(unit));
    emit(1, a);
  }
  const worker = str('worker');
  const workerValues = Array.from({ length: 8 }, (_, i) => str(String(i)));
  const stack = new Int32Array(200);
  let depth = 0;
  for (let s = 0; s < sampleCount; s++) {
    // keep a random prefix of the previous stack (root side), then walk down to a new depth
    // distinct stacks that mostly differ near the leaf, as an aggregated profile's do: pop a few
    // frames (now and then many), then walk down again, preferring each location's first callees
    const x = r();
    depth = x < 0.03 ? r.int(4) : Math.max(0, depth - 1 - Math.floor(r() ** 3 * 8));
    if (depth === 0) stack[depth++] = roots[r.int(roots.length)];
    const want = Math.max(depth + 1, 4 + r.int(r() < 0.1 ? 77 : 36));
    while (depth < want) {
      const here = stack[depth - 1];
      const next = callees[here];
      stack[depth++] = r() < 0.01 ? stack[r.int(depth)] : next[Math.floor(r() ** 3 * next.length)];
    }
    a.reset();
    b.reset();
    for (let i = depth - 1; i >= 0; i--) b.varint(stack[i]); // leaf first
    a.sub(1, b);
    const n = 1 + Math.floor(r() ** 4 * 40);
    b.reset(); b.varint(n); b.varint(n * 10_000_000);
    a.sub(2, b);
    if (r() < 0.33) {
      c.reset(); c.field(1, worker); c.field(2, workerValues[r.int(8)]);
      a.sub(3, c);
    }
    emit(2, a);
  }
  a.reset(); a.field(1, 1); a.field(2, 0x400000); a.field(3, 0x400000 + 16 * (LOCS + 1)); a.field(5, str('/usr/local/bin/server')); a.field(7, 1); a.field(8, 1); a.field(9, 1); a.field(10, 1);
  emit(3, a);
  for (let l = 1; l <= LOCS; l++) {
    a.reset();
    a.field(1, l);
    a.field(2, 1);
    a.field(3, 0x400000 + l * 16);
    for (const [fn, line] of locLines[l - 1]) {
      b.reset(); b.field(1, fn); b.field(2, line);
      a.sub(4, b);
    }
    emit(4, a);
  }
  for (let f = 1; f <= FUNCS; f++) {
    a.reset(); a.field(1, f); a.field(2, fnName[f]); a.field(3, fnName[f]); a.field(4, fnFile[f]); a.field(5, fnLine[f]);
    emit(5, a);
  }
  for (const s of strings) { m.reset(); m.bytes(6, enc.encode(s)); out.raw(m.b, m.n); }
  m.reset(); m.field(10, 60e9); m.field(12, 10_000_000);
  b.reset(); b.field(1, str('cpu')); b.field(2, str('nanoseconds'));
  // strings added after the table was written would be missing: 'cpu' and 'nanoseconds' are in it already
  m.sub(11, b);
  out.raw(m.b, m.n);
  const bytes = out.close();
  return { bytes, samples: sampleCount, functions: FUNCS, locations: LOCS };
}
