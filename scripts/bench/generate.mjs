// Writes the big synthetic profiles the benchmark reads, into a temporary folder (never into the
// repository). Deterministic: a seeded generator, so every run writes the same bytes.
//   node scripts/bench/generate.mjs [DIR]      (default: $TMPDIR/profburst-bench)
// Files:
//   big.cpuprofile  1 000 000 nodes, 4 000 functions in 400 scripts, stacks up to ~70 deep,
//                   ~860 000 samples with timeDeltas (some 0, a few negative), ~225 MiB
//   mid.cpuprofile  the same shape with 450 000 nodes, ~100 MB
//   big.callgrind   valgrind-style: name compression for ob/fl/fn/cfn, relative positions,
//                   calls= lines with inclusive costs, 60 000 functions in 3 000 files and 40
//                   objects, all reached from main, events Ir Dr Dw, ≥ 100 MB
//   big.prof        a cProfile stats dict marshalled as CPython 3 writes it (version 4: FLAG_REF
//                   on shared strings and small ints, 'r' back-references, small tuples, binary
//                   floats), 100 000 functions, ~450 000 caller edges, ≥ 20 MB
//   big.speedscope.json  a sampled (py-spy) and an evented (pyinstrument) profile, ~100 MB
//                   (generateSpeedscope.mjs)
//   big.pprof       a Go-CPU-shaped profile.proto, ~750 000 samples, ~100 MB (generatePprof.mjs)
// A file already there with the right size stamp is kept (see STAMP), so reruns are quick.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeCollapsed, writePerfScript } from './generate-stacks.mjs';
import { writeSpeedscope } from './generateSpeedscope.mjs';
import { writePprof } from './generatePprof.mjs';

const STAMP = 'v7'; // bump when the generated content changes

export function defaultDir() {
  return join(tmpdir(), 'profburst-bench');
}

/** mulberry32: small, fast, seeded */
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
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

const VERBS = ['get', 'set', 'update', 'render', 'compute', 'parse', 'load', 'resolve', 'handle', 'create', 'build', 'read', 'write', 'emit', 'dispatch', 'visit', 'transform', 'validate', 'normalize', 'flush', 'schedule', 'commit', 'apply', 'merge', 'scan', 'encode', 'decode', 'format', 'measure', 'reconcile'];
const NOUNS = ['Node', 'Element', 'Component', 'State', 'Props', 'Token', 'Module', 'Request', 'Response', 'Buffer', 'Stream', 'Chunk', 'Tree', 'Child', 'Effect', 'Hook', 'Fiber', 'Queue', 'Cache', 'Entry', 'Source', 'Map', 'Scope', 'Binding', 'Expression', 'Statement', 'Import', 'Style', 'Layout', 'Event', 'Handler', 'Path', 'Value', 'Key', 'Record'];
const CLASSES = ['Parser', 'Tokenizer', 'Scheduler', 'Renderer', 'Router', 'Compiler', 'Resolver', 'Emitter', 'Writer', 'Reader', 'Client', 'Server', 'Transformer', 'Visitor', 'Generator'];
const PACKAGES = ['react-dom', 'lodash', 'express', '@babel/parser', '@babel/traverse', 'webpack', 'typescript', 'acorn', 'postcss', 'terser', 'rxjs', 'immer', 'zod', 'graphql', 'undici', 'ws', 'semver', 'chalk', 'yaml', 'esbuild'];
const DIRS = ['src', 'src/components', 'src/lib', 'src/server', 'src/utils', 'src/store', 'lib', 'lib/internal', 'dist', 'build'];

function functionName(r) {
  const x = r();
  if (x < 0.06) return '';
  if (x < 0.3) return `${r.pick(CLASSES)}.${r.pick(VERBS)}${r.pick(NOUNS)}`;
  if (x < 0.35) return `${r.pick(VERBS)}${r.pick(NOUNS)}$${r.int(9) + 1}`;
  return `${r.pick(VERBS)}${r.pick(NOUNS)}${r() < 0.3 ? r.pick(NOUNS) : ''}`;
}

function scriptUrl(r, i) {
  const x = r();
  const file = `${r.pick(VERBS)}${r.pick(NOUNS)}${i}`;
  if (x < 0.1) return `node:internal/${r.pick(['modules/cjs/loader', 'process/task_queues', 'timers', 'streams/readable', 'fs/promises', 'url'])}`;
  if (x < 0.55) return `file:///home/dev/app/node_modules/${r.pick(PACKAGES)}/${r.pick(DIRS)}/${file}.js`;
  if (x < 0.85) return `webpack:///./${r.pick(DIRS)}/${file}.${r.pick(['ts', 'tsx', 'js'])}`;
  return `https://app.example.com/static/js/${file}.${(r.int(0xffffff)).toString(16)}.chunk.js`;
}

/** A buffered writer that writes to DEST.part then renames, so a killed run leaves no half file. */
export class Out {
  constructor(path) {
    this.path = path;
    this.fd = openSync(`${path}.part`, 'w');
    this.parts = [];
    this.length = 0;
    this.bytes = 0;
  }
  text(s) {
    this.parts.push(s);
    this.length += s.length;
    if (this.length > 1 << 20) this.flushText();
  }
  flushText() {
    if (!this.parts.length) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.length = 0;
  }
  raw(buf, n = buf.length) {
    this.flushText();
    writeSync(this.fd, buf, 0, n);
    this.bytes += n;
  }
  close() {
    this.flushText();
    closeSync(this.fd);
    renameSync(`${this.path}.part`, this.path);
    return this.bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// V8 .cpuprofile

export function writeCpuProfile(path, { nodes: target = 1_000_000, functions: fnCount = 4000, scripts = 400, seed = 1 } = {}) {
  const r = rng(seed);
  const urls = Array.from({ length: scripts }, (_, i) => scriptUrl(r, i));
  const fnJson = [];
  const fnLine = new Int32Array(fnCount);
  const callees = [];
  const special = ['(program)', '(garbage collector)', '(idle)'];
  for (let f = 0; f < fnCount; f++) {
    let name, url, scriptId, line, col;
    if (f < special.length) {
      name = special[f]; url = ''; scriptId = '0'; line = -1; col = -1;
    } else {
      const s = r.int(scripts);
      name = functionName(r); url = urls[s]; scriptId = String(s + 10); line = r.int(3000); col = r.int(80);
    }
    fnLine[f] = line;
    fnJson.push(`"callFrame":{"functionName":${JSON.stringify(name)},"scriptId":"${scriptId}","url":${JSON.stringify(url)},"lineNumber":${line},"columnNumber":${col}}`);
    // callees: mostly "later" functions, so stacks go deep, some anywhere (recursion-ish)
    const k = 3 + r.int(10);
    const list = [];
    for (let j = 0; j < k; j++) {
      const c = r() < 0.8 ? special.length + ((f + 1 + r.int(400)) % (fnCount - special.length)) : special.length + r.int(fnCount - special.length);
      if (!list.includes(c)) list.push(c);
    }
    callees.push(list);
  }

  // the tree in preorder: parent and function per node; budgets split at random, heavy-tailed
  const cap = target + 16;
  const parent = new Int32Array(cap);
  const fn = new Int32Array(cap);
  let n = 1; // node 0 is (root)
  parent[0] = -1; fn[0] = -1;
  const MAX_DEPTH = 200;
  // explicit stack of (function, depth, budget, parent)
  const sF = [], sD = [], sB = [], sP = [];
  const rootKids = new Set();
  // the specials hang off the root
  for (let f = 0; f < special.length; f++) { parent[n] = 0; fn[n] = f; n++; rootKids.add(f); }
  while (n < target) {
    let f;
    do f = special.length + r.int(fnCount - special.length); while (rootKids.has(f));
    rootKids.add(f);
    sF.push(f); sD.push(1); sB.push(Math.min(target - n, 1 + Math.floor(r() ** 2 * target * 0.3))); sP.push(0);
    while (sF.length && n < target) {
      const g = sF.pop(), d = sD.pop(), budget = sB.pop(), p = sP.pop();
      const me = n++;
      parent[me] = p; fn[me] = g;
      let rest = budget - 1;
      if (rest <= 0 || d >= MAX_DEPTH) continue;
      const list = callees[g];
      let k = r() < 0.5 ? 1 : 2 + r.int(7);
      k = Math.min(k, rest, list.length);
      // distinct callees (V8 merges equal frames under one parent)
      const start = r.int(list.length);
      const weights = [];
      let sum = 0;
      for (let j = 0; j < k; j++) { const w = r() ** 3 + 0.01; weights.push(w); sum += w; }
      const parts = [];
      let left = rest;
      for (let j = 0; j < k; j++) {
        const b = j === k - 1 ? left : Math.max(1, Math.min(left - (k - 1 - j), Math.round((rest * weights[j]) / sum)));
        parts.push(b); left -= b;
      }
      for (let j = k - 1; j >= 0; j--) {
        if (parts[j] <= 0) continue;
        sF.push(list[(start + j) % list.length]); sD.push(d + 1); sB.push(parts[j]); sP.push(me);
      }
    }
    sF.length = sD.length = sB.length = sP.length = 0;
  }
  const count = n;

  // children lists (CSR), hit counts
  const kidStart = new Int32Array(count + 1);
  for (let i = 1; i < count; i++) kidStart[parent[i] + 1]++;
  for (let i = 0; i < count; i++) kidStart[i + 1] += kidStart[i];
  const fill = kidStart.slice(0, count);
  const kids = new Int32Array(count);
  for (let i = 1; i < count; i++) kids[fill[parent[i]]++] = i;
  const hits = new Int32Array(count);
  for (let i = 1; i < count; i++) {
    const leaf = kidStart[i + 1] === kidStart[i];
    hits[i] = leaf ? 1 + (r() < 0.3 ? r.int(4) : 0) : r() < 0.12 ? 1 + r.int(2) : 0;
  }
  hits[1] = 2000; hits[2] = 300; hits[3] = 5000; // program, gc, idle
  let sampleCount = 0;
  for (let i = 1; i < count; i++) sampleCount += hits[i];

  const out = new Out(path);
  out.text('{"nodes":[');
  const rootChildren = [];
  for (let c = kidStart[0]; c < kidStart[1]; c++) rootChildren.push(kids[c] + 1);
  out.text(`{"id":1,"callFrame":{"functionName":"(root)","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1},"hitCount":0,"children":[${rootChildren.join(',')}]}`);
  for (let i = 1; i < count; i++) {
    let s = `,{"id":${i + 1},${fnJson[fn[i]]},"hitCount":${hits[i]}`;
    const a = kidStart[i], b = kidStart[i + 1];
    if (b > a) {
      s += ',"children":[';
      for (let c = a; c < b; c++) s += (c > a ? ',' : '') + (kids[c] + 1);
      s += ']';
    }
    if (hits[i] > 0 && fnLine[fn[i]] >= 0) s += `,"positionTicks":[{"line":${fnLine[fn[i]] + 1 + r.int(20)},"ticks":${hits[i]}}]`;
    out.text(s + '}');
  }
  const startTime = 81234567890;
  out.text(`],"startTime":${startTime},"endTime":`);
  // samples: node ids in runs (consecutive samples tend to share a stack), chunks shuffled
  const samples = new Int32Array(sampleCount);
  let k = 0;
  for (let i = 1; i < count; i++) for (let h = 0; h < hits[i]; h++) samples[k++] = i + 1;
  const CH = 64;
  const chunks = Math.ceil(k / CH);
  const order = new Int32Array(chunks);
  for (let i = 0; i < chunks; i++) order[i] = i;
  for (let i = chunks - 1; i > 0; i--) { const j = r.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
  const deltas = new Int32Array(k);
  let elapsed = 0;
  for (let i = 0; i < k; i++) {
    const x = r();
    const d = x < 0.002 ? -1 - r.int(5) : x < 0.01 ? 0 : x < 0.013 ? 2000 + r.int(8000) : 110 + r.int(40);
    deltas[i] = d; elapsed += d;
  }
  out.text(`${startTime + elapsed + 125},"samples":[`);
  let first = true;
  const parts = [];
  for (let c = 0; c < chunks; c++) {
    const from = order[c] * CH, to = Math.min(k, from + CH);
    for (let i = from; i < to; i++) { parts.push(first ? String(samples[i]) : `,${samples[i]}`); first = false; }
    if (parts.length > 50000) { out.text(parts.join('')); parts.length = 0; }
  }
  out.text(parts.join('')); parts.length = 0;
  out.text('],"timeDeltas":[');
  for (let i = 0; i < k; i++) {
    parts.push(i ? `,${deltas[i]}` : String(deltas[i]));
    if (parts.length > 50000) { out.text(parts.join('')); parts.length = 0; }
  }
  out.text(parts.join(''));
  out.text(']}');
  const bytes = out.close();
  return { bytes, nodes: count, functions: fnCount, samples: k };
}

// ---------------------------------------------------------------------------------------------
// callgrind

export function writeCallgrind(path, { functions: fnCount = 60_000, files = 3000, objects = 40, minBytes = 105 * 2 ** 20, seed = 2 } = {}) {
  const setup = rng(seed);
  const objNames = Array.from({ length: objects }, (_, i) => i === 0 ? '/home/dev/build/bin/server' : `/usr/lib/x86_64-linux-gnu/lib${setup.pick(NOUNS).toLowerCase()}${i}.so.${1 + setup.int(6)}`);
  const fileNames = Array.from({ length: files }, (_, i) => `/home/dev/src/${setup.pick(DIRS)}/${setup.pick(VERBS)}_${setup.pick(NOUNS).toLowerCase()}_${i}.${setup() < 0.7 ? 'c' : 'cc'}`);
  const fnName = [], fnFile = new Int32Array(fnCount), fnObj = new Int32Array(fnCount), fnLine = new Int32Array(fnCount);
  // the call graph: each function but main has one caller that made it (so main reaches all),
  // callers always before callees (a DAG, as callgrind's --separate-recs makes recursion look),
  // and some more callees further on
  const callees = Array.from({ length: fnCount }, () => []);
  for (let f = 0; f < fnCount; f++) {
    const cls = setup() < 0.4 ? `${setup.pick(CLASSES)}::` : '';
    fnName.push(f === 0 ? 'main' : `${cls}${setup.pick(VERBS)}_${setup.pick(NOUNS).toLowerCase()}_${f}${setup() < 0.03 ? "'2" : ''}`);
    fnFile[f] = setup.int(files); fnObj[f] = Math.min(objects - 1, Math.floor(setup() ** 3 * objects)); fnLine[f] = 10 + setup.int(4000);
    if (f > 0) {
      const p = Math.floor(f / 6) + setup.int(Math.max(1, Math.floor(f / 2) - Math.floor(f / 6)));
      callees[Math.min(p, f - 1)].push(f);
    }
  }
  for (let f = 0; f < fnCount - 1; f++) {
    const extra = setup() < 0.5 ? setup.int(4) : 0;
    for (let j = 0; j < extra; j++) {
      const c = f + 1 + setup.int(Math.min(3000, fnCount - f - 1));
      if (!callees[f].includes(c)) callees[f].push(c);
    }
  }

  // Two passes with the same random sequence: the first sums self costs and call counts, so the
  // second can write each call's inclusive cost as the callee's inclusive cost shared by calls.
  const self = new Float64Array(fnCount), callsInto = new Float64Array(fnCount);
  const edgeCalls = callees.map((list) => new Float64Array(list.length));
  const incl = new Float64Array(fnCount);
  let blocksWanted = Infinity;
  let out = null;
  let totals = null;
  for (let pass = 1; pass <= 2; pass++) {
    const r = rng(seed * 7919);
    const seenObj = new Uint8Array(objects), seenFile = new Uint8Array(files), seenFn = new Uint8Array(fnCount);
    const obRef = (o) => { if (seenObj[o]) return `(${o + 1})`; seenObj[o] = 1; return `(${o + 1}) ${objNames[o]}`; };
    const flRef = (x) => { if (seenFile[x]) return `(${x + 1})`; seenFile[x] = 1; return `(${x + 1}) ${fileNames[x]}`; };
    const fnRef = (x) => { if (seenFn[x]) return `(${x + 1})`; seenFn[x] = 1; return `(${x + 1}) ${fnName[x]}`; };
    const written = new Uint8Array(fnCount); // a function's first block calls every callee once
    let bytes = 0;
    let curObj = -1, curFile = -1;
    let total = 0, totalDr = 0, totalDw = 0;
    const emit = (s) => { if (pass === 1) bytes += s.length; else out.text(s); };
    if (pass === 2) {
      out = new Out(path);
      emit('# callgrind format\nversion: 1\ncreator: callgrind-3.22.0\npid: 41234\ncmd:  /home/dev/build/bin/server --bench\npart: 1\n\n\n');
      emit('desc: I1 cache: \ndesc: D1 cache: \ndesc: LL cache: \n\ndesc: Timerange: Basic block 0 - 812345678\ndesc: Trigger: Program termination\n\n');
      emit('positions: line\nevents: Ir Dr Dw\n');
    }
    let blocks = 0;
    for (let f = 0; blocks < blocksWanted && (pass === 2 || bytes < minBytes); f = (f + 1 + r.int(3)) % fnCount) {
      blocks++;
      let s = '\n';
      if (fnObj[f] !== curObj) { s += `ob=${obRef(fnObj[f])}\n`; curObj = fnObj[f]; }
      if (fnFile[f] !== curFile) { s += `fl=${flRef(fnFile[f])}\n`; curFile = fnFile[f]; }
      s += `fn=${fnRef(f)}\n`;
      let line = fnLine[f];
      const lines = 2 + r.int(10);
      const list = callees[f];
      const first = !written[f];
      written[f] = 1;
      for (let j = 0; j < lines; j++) {
        const ir = 1 + Math.floor(r() ** 4 * 20000), dr = Math.floor(ir * r() * 0.4), dw = Math.floor(ir * r() * 0.2);
        total += ir; totalDr += dr; totalDw += dw;
        if (pass === 1) self[f] += ir;
        const step = j === 0 ? 0 : r.int(8) - 2;
        const pos = j === 0 ? String(line) : step === 0 ? '*' : step > 0 ? `+${step}` : `${step}`;
        line += step;
        s += dw === 0 ? (dr === 0 ? `${pos} ${ir}\n` : `${pos} ${ir} ${dr}\n`) : `${pos} ${ir} ${dr} ${dw}\n`;
        // calls: in the first block every callee once (after the last cost line), later a few
        const callHere = list.length > 0 && (first ? j === lines - 1 : r() < 0.3);
        if (!callHere) continue;
        const from = first ? 0 : r.int(list.length);
        const to = first ? list.length : from + 1;
        for (let k = from; k < to; k++) {
          const c = list[k];
          const calls = 1 + Math.floor(r() ** 6 * 5000);
          if (pass === 1) { edgeCalls[f][k] += calls; callsInto[c] += calls; }
          if (fnObj[c] !== fnObj[f]) s += `cob=${obRef(fnObj[c])}\n`;
          if (fnFile[c] !== fnFile[f]) s += `cfi=${flRef(fnFile[c])}\n`;
          s += `cfn=${fnRef(c)}\ncalls=${calls} ${fnLine[c]}\n`;
          const share = pass === 2 && callsInto[c] > 0 ? calls / callsInto[c] : 0;
          const cost = Math.round(incl[c] * share);
          s += `* ${cost} ${Math.floor(cost * 0.3)} ${Math.floor(cost * 0.1)}\n`;
        }
      }
      emit(s);
    }
    if (pass === 1) {
      blocksWanted = blocks;
      // inclusive = self + what the calls out of it cost; callees come after callers
      for (let f = fnCount - 1; f >= 0; f--) {
        let sum = self[f];
        callees[f].forEach((c, k) => { if (callsInto[c] > 0) sum += incl[c] * (edgeCalls[f][k] / callsInto[c]); });
        incl[f] = sum;
      }
    } else {
      totals = [total, totalDr, totalDw];
      emit(`\ntotals: ${totals.join(' ')}\n`);
    }
  }
  const bytes = out.close();
  return { bytes, functions: fnCount, blocks: blocksWanted };
}

// ---------------------------------------------------------------------------------------------
// cProfile .prof (marshal version 4)

class Marshal {
  constructor(out) {
    this.out = out;
    this.buf = Buffer.alloc(1 << 22);
    this.pos = 0;
    this.refs = new Map(); // shared value key -> ref index
    this.nextRef = 0;
  }
  ensure(n) {
    if (this.pos + n > this.buf.length) { this.out.raw(this.buf, this.pos); this.pos = 0; }
  }
  byte(b) { this.ensure(1); this.buf[this.pos++] = b; }
  int32(v) { this.ensure(4); this.buf.writeInt32LE(v, this.pos); this.pos += 4; }
  /** 'r' for something seen before; else true and the caller writes it with FLAG_REF */
  ref(key) {
    const at = this.refs.get(key);
    if (at !== undefined) { this.byte(0x72); this.int32(at); return false; }
    this.refs.set(key, this.nextRef++);
    return true;
  }
  /** an interned-or-shared str: 'Z'/'z' short ASCII or 'u', always FLAG_REF'd (shared by many keys) */
  str(s, interned) {
    if (!this.ref(`s:${s}`)) return;
    const b = Buffer.from(s, 'utf8');
    const ascii = b.length === s.length;
    if (ascii && b.length < 256) { this.byte((interned ? 0x5a : 0x7a) | 0x80); this.byte(b.length); }
    else if (ascii) { this.byte((interned ? 0x41 : 0x61) | 0x80); this.int32(b.length); }
    else { this.byte((interned ? 0x74 : 0x75) | 0x80); this.int32(b.length); }
    this.ensure(b.length); b.copy(this.buf, this.pos); this.pos += b.length;
  }
  /** ints: small ones (-5..256) are shared singletons in CPython, so FLAG_REF'd and referenced */
  int(v) {
    if (v >= -5 && v <= 256) {
      if (!this.ref(`i:${v}`)) return;
      this.byte(0x69 | 0x80); this.int32(v);
      return;
    }
    this.byte(0x69); this.int32(v);
  }
  float(v) { this.ensure(9); this.buf[this.pos++] = 0x67; this.buf.writeDoubleLE(v, this.pos); this.pos += 8; }
  close() { this.out.raw(this.buf, this.pos); this.pos = 0; }
}

export function writePstats(path, { functions: fnCount = 100_000, seed = 3 } = {}) {
  const r = rng(seed);
  const files = Array.from({ length: 5000 }, (_, i) => `/home/dev/venv/lib/python3.12/site-packages/${r.pick(['django', 'numpy', 'requests', 'sqlalchemy', 'pydantic', 'jinja2', 'myapp'])}/${r.pick(['core', 'utils', 'db', 'models', 'views', 'internals'])}/${r.pick(NOUNS).toLowerCase()}_${i}.py`);
  const BUILTINS = ['<built-in method builtins.len>', '<built-in method builtins.isinstance>', "<method 'append' of 'list' objects>", "<method 'get' of 'dict' objects>", '<built-in method posix.stat>', "<method 'join' of 'str' objects>", '<built-in method builtins.getattr>', "<method 'disable' of '_lsprof.Profiler' objects>"];
  // functions in levels: callers come from lower levels, so the graph is a DAG plus some
  // recursion (self edges) and a few back edges (cycles)
  const LEVELS = 40;
  const level = new Int32Array(fnCount);
  const keyFile = [], keyLine = new Int32Array(fnCount), keyName = [];
  const builtinCount = 2000;
  for (let f = 0; f < fnCount; f++) {
    if (f < builtinCount) {
      keyFile.push('~'); keyLine[f] = 0;
      keyName.push(f < BUILTINS.length ? BUILTINS[f] : `<built-in method ${r.pick(['_io', '_json', 'math', '_sre', 'posix', 'time'])}.${r.pick(VERBS)}_${f}>`);
      level[f] = LEVELS - 1 - r.int(20);
    } else {
      keyFile.push(r.pick(files)); keyLine[f] = 1 + r.int(2000);
      keyName.push(`${r.pick(VERBS)}_${r.pick(NOUNS).toLowerCase()}${r() < 0.5 ? '_' + r.pick(NOUNS).toLowerCase() : ''}`);
      level[f] = Math.min(LEVELS - 1, Math.floor((f - builtinCount) / (fnCount - builtinCount) * LEVELS));
    }
  }
  if (fnCount > builtinCount) level[builtinCount] = 0; // <module>
  keyName[builtinCount] = '<module>';
  const byLevel = Array.from({ length: LEVELS }, () => []);
  for (let f = 0; f < fnCount; f++) byLevel[level[f]].push(f);
  // edges: each function gets 1..9 callers from lower levels; the other level-0 functions are
  // called by <module> (what `python -m cProfile` runs), which nobody calls
  const moduleFn = builtinCount;
  const callersOf = [];
  for (let f = 0; f < fnCount; f++) {
    const list = [];
    if (level[f] === 0 && f !== moduleFn) list.push(moduleFn);
    if (level[f] > 0) {
      const k = 1 + Math.floor(r() ** 1.5 * 9);
      for (let j = 0; j < k; j++) {
        const lv = Math.max(0, level[f] - 1 - Math.floor(r() ** 3 * level[f]));
        const c = r.pick(byLevel[lv]);
        if (c !== f && !list.includes(c)) list.push(c);
      }
      if (r() < 0.02) list.push(f); // direct recursion
    }
    callersOf.push(list);
  }
  // per-edge calls and times; ct computed bottom-up so the numbers are consistent
  const tt = new Float64Array(fnCount), ct = new Float64Array(fnCount), nc = new Float64Array(fnCount), cc = new Float64Array(fnCount);
  const edgeNc = callersOf.map((list) => list.map(() => 1 + Math.floor(r() ** 5 * 5000)));
  for (let f = 0; f < fnCount; f++) {
    let n = 0, rec = 0;
    callersOf[f].forEach((c, j) => { n += edgeNc[f][j]; if (c === f) rec += edgeNc[f][j]; });
    if (f === moduleFn) n = 1;
    nc[f] = n; cc[f] = n - rec;
    tt[f] = n * (1e-7 + r() ** 3 * 2e-4);
  }
  // callee lists for the bottom-up pass
  const calleesOf = Array.from({ length: fnCount }, () => []);
  for (let f = 0; f < fnCount; f++) callersOf[f].forEach((c, j) => { if (c !== f) calleesOf[c].push([f, j]); });
  // deepest first, and <module> after the other level-0 functions it calls
  const order = Array.from({ length: fnCount }, (_, i) => i).sort((a, b) => level[b] - level[a] || (a === moduleFn ? 1 : 0) - (b === moduleFn ? 1 : 0));
  const edgeCt = callersOf.map((list) => new Float64Array(list.length));
  for (const f of order) {
    let sum = tt[f];
    for (const [c, j] of calleesOf[f]) sum += edgeCt[c][j];
    ct[f] = sum;
    const nonRec = cc[f] || 1;
    callersOf[f].forEach((c, j) => { edgeCt[f][j] = c === f ? 0 : (ct[f] * edgeNc[f][j]) / nonRec; });
  }

  const out = new Out(path);
  const m = new Marshal(out);
  // cProfile builds a new key tuple for every entry and every caller (label(code)), so tuples are
  // never shared: only the strings in them (co_filename, co_name) and small ints are references
  const key = (f) => {
    m.byte(0x29); m.byte(3);
    m.str(keyFile[f], false);
    m.int(keyLine[f]);
    m.str(keyName[f], keyFile[f] !== '~');
  };
  m.byte(0x7b | 0x80); m.nextRef++; // the stats dict itself is shared, so FLAG_REF'd first
  let edges = 0;
  for (let f = 0; f < fnCount; f++) {
    key(f);
    m.byte(0x29); m.byte(5);
    m.int(cc[f]); m.int(nc[f]); m.float(tt[f]); m.float(ct[f]);
    m.byte(0x7b);
    callersOf[f].forEach((c, j) => {
      key(c);
      m.byte(0x29); m.byte(4);
      const n = edgeNc[f][j];
      m.int(n); m.int(c === f ? 0 : n); m.float(tt[f] * n / (nc[f] || 1)); m.float(edgeCt[f][j]);
      edges++;
    });
    m.byte(0x30);
  }
  m.byte(0x30);
  m.close();
  const bytes = out.close();
  return { bytes, functions: fnCount, edges };
}

// ---------------------------------------------------------------------------------------------

const MAKERS = {
  'big.cpuprofile': writeCpuProfile,
  // the size the page's target is stated for: ~100 MB, ~450 000 nodes
  'mid.cpuprofile': (path) => writeCpuProfile(path, { nodes: 450_000, seed: 4 }),
  'big.callgrind': writeCallgrind,
  'big.prof': writePstats,
  'big.perf.txt': (path) => writePerfScript(path, Out),
  'big.collapsed': (path) => writeCollapsed(path, Out),
  'big.speedscope.json': writeSpeedscope,
  'big.pprof': writePprof, // scripts/bench/generatePprof.mjs
};

/** Writes whatever is missing or stale; returns [{name, path, bytes, ...info}] */
export function generateAll(dir = defaultDir(), log = console.log) {
  mkdirSync(dir, { recursive: true });
  const stampFile = join(dir, 'stamp.json');
  const stamps = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
  const result = [];
  for (const [name, make] of Object.entries(MAKERS)) {
    const path = join(dir, name);
    const old = stamps[name];
    if (old && old.stamp === STAMP && existsSync(path) && statSync(path).size === old.bytes) {
      result.push({ name, path, ...old });
      continue;
    }
    const t = performance.now();
    const info = make(path);
    const entry = { stamp: STAMP, ...info };
    stamps[name] = entry;
    writeFileSync(stampFile, JSON.stringify(stamps, null, 2));
    log(`generated ${name}: ${(info.bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    result.push({ name, path, ...entry });
  }
  return result;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const dir = resolve(process.argv[2] ?? defaultDir());
  for (const f of generateAll(dir)) console.log(`${f.path}\t${(f.bytes / 2 ** 20).toFixed(1)} MiB`);
}
