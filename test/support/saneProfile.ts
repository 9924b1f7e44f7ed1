import { ProfileFormatError } from '../../src/core/errors';
import { formatById } from '../../src/core/formats/registry';
import type { Profile } from '../../src/core/model';

/**
 * Invariants every imported profile must keep, whatever file it came from: numbers finite, the
 * tree in preorder (parent[i] < i, and each parent on the path to its child), every node's
 * total its self plus its children's totals, no negative self, frame indexes in range, per-function
 * arrays and graph edges the right size and in range. Throws an Error naming the first broken
 * invariant (plain throws, not expect(), so a fuzz loop stays fast).
 */
export function assertSaneProfile(p: Profile): void {
  const fail = (what: string): never => {
    throw new Error(`insane profile (${p.format} "${p.name}"): ${what}`);
  };
  if (!formatById(p.format)) fail(`unknown format ${p.format}`);
  if (typeof p.name !== 'string') fail('name is not a string');
  if (!Number.isFinite(p.total)) fail(`profile total ${p.total}`);
  if (!Array.isArray(p.events) || p.events.length === 0) fail('no events');
  if (!(Number.isInteger(p.event) && p.event >= 0 && p.event < p.events.length)) fail(`event ${p.event} out of range`);
  if (!(p.unit && typeof p.unit.name === 'string' && Number.isFinite(p.unit.seconds))) fail('bad unit');

  const frames = p.frames;
  const frameCount = frames.length;
  if (frameCount === 0) fail('no frames');
  for (let f = 0; f < frameCount; f++) {
    const fr = frames[f];
    if (typeof fr.name !== 'string' || typeof fr.file !== 'string') fail(`frame ${f}: name or file not a string`);
    if (!Number.isFinite(fr.line) || !Number.isFinite(fr.column)) fail(`frame ${f}: line ${fr.line}, column ${fr.column}`);
  }

  const t = p.tree;
  const n = t.size;
  if (!(n >= 1)) fail(`tree size ${n}`);
  for (const [k, a] of [['parent', t.parent], ['frame', t.frame], ['self', t.self], ['total', t.total]] as const) {
    if (a.length !== n) fail(`tree.${k} has ${a.length} entries for ${n} nodes`);
  }
  if (t.parent[0] !== -1) fail('node 0 is not the root');
  const childSum = new Float64Array(n);
  const childAbs = new Float64Array(n);
  const path = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const parent = t.parent[i];
    if (i > 0) {
      if (!(parent >= 0 && parent < i)) fail(`node ${i} has parent ${parent}`);
      while (depth > 0 && path[depth - 1] !== parent) depth--;
      if (depth === 0) fail(`node ${i}: parent ${parent} is not on the preorder path`);
    }
    path[depth++] = i;
    const fr = t.frame[i];
    if (!(fr >= 0 && fr < frameCount)) fail(`node ${i} has frame ${fr} of ${frameCount}`);
    if (!Number.isFinite(t.self[i]) || !Number.isFinite(t.total[i])) fail(`node ${i}: self ${t.self[i]}, total ${t.total[i]}`);
    if (t.self[i] < 0) fail(`node ${i}: negative self ${t.self[i]}`);
  }
  for (let i = n - 1; i > 0; i--) {
    childSum[t.parent[i]] += t.total[i];
    childAbs[t.parent[i]] += Math.abs(t.total[i]);
  }
  for (let i = 0; i < n; i++) {
    const expected = t.self[i] + childSum[i];
    const tol = 1e-9 * Math.max(1, Math.abs(t.self[i]) + childAbs[i]);
    if (!(Math.abs(t.total[i] - expected) <= tol)) fail(`node ${i}: total ${t.total[i]} != self ${t.self[i]} + children ${childSum[i]}`);
  }
  if (p.total >= 0 && !(Math.abs(t.total[0] - p.total) <= 1e-9 * Math.max(1, p.total))) {
    fail(`root total ${t.total[0]} != profile total ${p.total}`);
  }

  const fs = p.functions;
  for (const [k, a] of [['self', fs.self], ['total', fs.total], ['ncalls', fs.ncalls], ['primcalls', fs.primcalls]] as const) {
    if (a === null) continue;
    if (a.length < frameCount) fail(`functions.${k} has ${a.length} entries for ${frameCount} frames`);
    for (let f = 0; f < frameCount; f++) if (!Number.isFinite(a[f])) fail(`functions.${k}[${f}] = ${a[f]}`);
  }

  const g = p.graph;
  if (g) {
    for (const [k, a] of [['caller', g.caller], ['callee', g.callee], ['ncalls', g.ncalls], ['total', g.total], ['self', g.self], ['primcalls', g.primcalls]] as const) {
      if (a === null) continue;
      if (a.length < g.size) fail(`graph.${k} has ${a.length} entries for ${g.size} edges`);
      for (let e = 0; e < g.size; e++) if (!Number.isFinite(a[e])) fail(`graph.${k}[${e}] = ${a[e]}`);
    }
    for (let e = 0; e < g.size; e++) {
      if (!(g.caller[e] >= 0 && g.caller[e] < frameCount && g.callee[e] >= 0 && g.callee[e] < frameCount)) fail(`edge ${e} out of range`);
    }
  }
}

/**
 * What an importer may throw: a ProfileFormatError of the expected format that says where, and
 * not the catch-all an importer wraps unforeseen failures in (those are bugs under test).
 */
export function assertFormatError(e: unknown, formats: readonly string[], where: RegExp): void {
  if (!(e instanceof ProfileFormatError)) {
    throw new Error(`not a ProfileFormatError: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
  }
  if (!formats.includes(e.format)) throw new Error(`error names format "${e.format}", expected one of ${formats.join(', ')}: ${e.message}`);
  if (!e.problem) throw new Error(`error has no problem text: ${e.message}`);
  if (/cannot read the file|too big or too deep/.test(e.problem)) throw new Error(`an unforeseen failure was wrapped: ${e.message}`);
  // a file whose repairs left nothing says where its first repair was, as that repair's warning
  // does (io/import.ts): any place a warning may name, e.g. nodes[35].positionTicks
  const repaired = e.problem.startsWith(NOTHING_LEFT) && /\(first at [^)]+\)/.test(e.problem) && e.problem.includes(`(first at ${e.where})`);
  if (!where.test(e.where) && !repaired) throw new Error(`error says where as "${e.where}", expected ${where}: ${e.message}`);
}

const NOTHING_LEFT = 'nothing is left after repairing the file: ';
