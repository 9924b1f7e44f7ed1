// Times each transform on a 1 000 000-node sampled profile (issue 16: under 300 ms each, in the
// worker, which runs this same code) and the merges on the corpus's largest .prof (graph-built).
// Usage: node scripts/bench/transforms.mjs [--nodes N]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCore } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const core = await import(pathToFileURL(await buildCore(root)).href);
const at = process.argv.indexOf('--nodes');
const target = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;

// a random trie of `target` nodes over 5 000 functions, a fifth of them in node_modules, with
// recursion: each new node extends a random earlier one (so depths vary up to a few hundred)
function syntheticProfile() {
  const frames = new core.FrameTable();
  const builder = new core.StackTreeBuilder(frames);
  const funcs = Array.from({ length: 5000 }, (_, i) => frames.intern(`f${i}`, i % 5 === 0 ? `/app/node_modules/lib${i % 50}/x.js` : `/app/src/m${i % 100}.js`, i, 1));
  let seed = 12345;
  const rand = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
  const parentOf = [0];
  const stacks = [[]];
  while (builder.nodeCount < target) {
    const base = stacks[rand(stacks.length)];
    const stack = base.length > 400 ? base.slice(0, 10) : [...base, funcs[rand(base.length % 7 === 0 ? 20 : funcs.length)]];
    builder.addStack(stack, stack.length, 1 + rand(10));
    if (stacks.length < 200_000) stacks.push(stack); else stacks[rand(stacks.length)] = stack;
  }
  const { tree, functions } = builder.finish();
  void parentOf;
  return { format: 'collapsed', name: 'synthetic', unit: { name: 'samples', kind: 'count', seconds: 0 }, total: tree.total[0], frames: frames.frames, tree, functions, graph: null, events: ['samples'], event: 0 };
}

function time(label, profile, stack, runs = 3) {
  // CPU time as well as wall time: on a shared machine the wall clock counts other processes' turns
  const ms = [], cpu = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = core.applyTransforms(profile, stack);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const skipped = out.notes.find((n) => n.skipped)?.skipped;
  console.log(`${label.padEnd(34)} ${ms[0].toFixed(0).padStart(5)} ms wall, ${cpu[0].toFixed(0).padStart(5)} ms CPU (best of ${runs})  -> ${out.profile.tree.size} nodes${skipped ? `  SKIPPED: ${skipped}` : ''}`);
}

const t0 = performance.now();
const p = syntheticProfile();
console.log(`synthetic profile: ${p.tree.size} nodes, ${p.frames.length} frames, built in ${(performance.now() - t0).toFixed(0)} ms`);
const byTotal = [...p.functions.total.keys()].filter((f) => f > 0).sort((a, b) => p.functions.total[b] - p.functions.total[a]);
const heavy = byTotal[3], mid = byTotal[200];
let node = 0;
const path = [p.tree.frame[0]];
for (let d = 0; d < 3; d++) { node += 1; path.push(p.tree.frame[node]); }
time('merge function', p, [{ type: 'merge-function', funcs: [heavy] }]);
time('merge call node', p, [{ type: 'merge-call-node', path }]);
time('focus on function', p, [{ type: 'focus-function', funcs: [mid] }]);
time('focus on subtree', p, [{ type: 'focus-subtree', path: path.slice(0, 2) }]);
time('drop function', p, [{ type: 'drop-function', funcs: [mid] }]);
time('collapse recursion', p, [{ type: 'collapse-recursion', func: byTotal[0] }]);
time('collapse direct recursion', p, [{ type: 'collapse-direct-recursion', func: byTotal[0] }]);
time('collapse library', p, [{ type: 'collapse-lib', prefix: 'node_modules/lib10/' }]);
time('only my code', p, [{ type: 'only-my-code', libs: null }]);
time('hide by pattern', p, [{ type: 'hide', pattern: '^f1\\d$' }]);

const prof = join(root, '../shared/corpus/python/large.prof');
const [g] = await core.importProfiles(new Uint8Array(readFileSync(prof)), { name: 'large.prof' });
console.log(`\n${prof}: ${g.tree.size} nodes, ${g.frames.length} functions, ${g.graph.size} edges`);
const gTop = [...g.functions.total.keys()].filter((f) => f > 0).sort((a, b) => g.functions.total[b] - g.functions.total[a]);
time('merge function (graph)', g, [{ type: 'merge-function', funcs: [gTop[10]] }]);
time('only my code (graph)', g, [{ type: 'only-my-code', libs: null }]);
time('hide by pattern (graph)', g, [{ type: 'hide', pattern: '^_' }]);
time('collapse library (graph)', g, [{ type: 'collapse-lib', prefix: 'lib/python3' }]);
time('drop function (graph: its tree)', g, [{ type: 'drop-function', funcs: [gTop[10]] }]);
