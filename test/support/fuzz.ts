import fc from 'fast-check';
import { FORMATS } from '../../src/core/formats/registry';
import type { Profile } from '../../src/core/model';
import { assertFormatError, assertSaneProfile } from './saneProfile';

/**
 * Shared pieces of the importer fuzz tests: byte and line mutations of real files, a bounded
 * fc.assert, and the one check every case makes (a sane profile or a ProfileFormatError that says
 * where, within MAX_CASE_MS).
 *
 * FUZZ_RUNS=n multiplies nothing by default; set it to run n cases per property instead of the
 * small default (the time limit is lifted too), e.g. `FUZZ_RUNS=20000 npx vitest run -t fuzz`.
 * FUZZ_REPORT=1 prints how many cases each property ran.
 */
export const MAX_CASE_MS = 2000;

/** What a mutated file may be read as: any registered format, or an error that is not one. */
export const ANY_FORMAT: readonly string[] = [...FORMATS.map((f) => f.id), 'unknown format', 'gzip'];
const runsOverride = Number(process.env.FUZZ_RUNS ?? 0);
const report = process.env.FUZZ_REPORT === '1';

/** Cases run per importer during this process, for the report and the README's counts. */
export const caseCounts = new Map<string, number>();

export function countCase(importer: string): void {
  caseCounts.set(importer, (caseCounts.get(importer) ?? 0) + 1);
}

export function printCaseCounts(file: string): void {
  if (report) console.log(`fuzz cases (${file}): ${[...caseCounts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

/** fc.assert with a case budget and a wall-clock limit, so `npm test` stays fast on a busy machine. */
export function check<T>(property: fc.IProperty<T>, numRuns: number, timeLimitMs = 2500): void {
  fc.assert(property, runsOverride > 0
    ? { numRuns: runsOverride }
    : { numRuns, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false });
}

/**
 * Runs one import of a mutated file: it returns sane profiles or throws a ProfileFormatError of
 * one of `formats` whose `where` matches; and it ends within MAX_CASE_MS.
 */
export function expectSaneOrFormatError(
  importer: string,
  run: () => Profile | Profile[],
  formats: readonly string[],
  where: RegExp,
): 'profile' | 'error' {
  countCase(importer);
  const t0 = performance.now();
  let outcome: 'profile' | 'error';
  try {
    const result = run();
    for (const p of Array.isArray(result) ? result : [result]) assertSaneProfile(p);
    outcome = 'profile';
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('insane profile')) throw e;
    assertFormatError(e, formats, where);
    outcome = 'error';
  }
  const ms = performance.now() - t0;
  if (ms > MAX_CASE_MS) throw new Error(`one import took ${ms.toFixed(0)} ms (limit ${MAX_CASE_MS})`);
  if (outcome === 'profile') countCase(`${importer} (profiles)`);
  return outcome;
}

// ---- byte mutations ------------------------------------------------------------------------

export type ByteEdit =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number };

/** Bytes that matter to the parsers: digits, signs, brackets, quotes, newlines, marshal codes, UTF-8 leads. */
const INTERESTING = [
  0, 0x0a, 0x0d, 0x20, 0x22, 0x28, 0x29, 0x2b, 0x2c, 0x2d, 0x2a, 0x30, 0x31, 0x39, 0x3a, 0x3d, 0x5b, 0x5d, 0x7b, 0x7d,
  0x4e, 0x72, 0x69, 0x67, 0x6c, 0x7a, 0x75, 0x80, 0xa9, 0xc3, 0xe2, 0xed, 0xf0, 0xff, 0x1f, 0x8b,
];

const byteValue = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...INTERESTING));

export function byteEdit(length: number): fc.Arbitrary<ByteEdit> {
  const at = fc.integer({ min: 0, max: Math.max(0, length - 1) });
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at, value: byteValue }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.array(byteValue, { minLength: 1, maxLength: 12 }).map((a) => Uint8Array.from(a)) }),
    fc.record({ kind: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at, count: fc.integer({ min: 1, max: 64 }) }),
  );
}

export function applyByteEdits(src: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let b = src;
  for (const e of edits) {
    const at = Math.min(e.at, b.length);
    switch (e.kind) {
      case 'flip': if (at < b.length) { b = b === src ? b.slice() : b; b[at] ^= e.mask; } break;
      case 'set': if (at < b.length) { b = b === src ? b.slice() : b; b[at] = e.value; } break;
      case 'insert': b = concat(b.subarray(0, at), e.bytes, b.subarray(at)); break;
      case 'delete': b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + e.count))); break;
      case 'duplicate': b = concat(b.subarray(0, Math.min(b.length, at + e.count)), b.subarray(at)); break;
    }
  }
  return b;
}

/** Flipped, set, inserted, deleted and duplicated bytes: 1 to `max` edits of a file. */
export function mutatedBytes(src: Uint8Array, max = 6): fc.Arbitrary<Uint8Array> {
  return fc.array(byteEdit(src.length), { minLength: 1, maxLength: max }).map((edits) => applyByteEdits(src, edits));
}

/** The file cut at any point (0 .. length - 1 bytes kept). */
export function truncated(src: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.integer({ min: 0, max: src.length - 1 }).map((n) => src.subarray(0, n));
}

/** Every cut point when the file is small, else `count` evenly spread ones: deterministic truncation cases. */
export function cutPoints(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * length) / count));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// ---- line mutations (text formats) ---------------------------------------------------------

export type LineEdit =
  | { kind: 'drop' | 'dup'; at: number }
  | { kind: 'swap'; at: number; to: number }
  | { kind: 'replace' | 'insert'; at: number; text: string };

/** Lines that stress the callgrind scanner: odd numbers, bad compressed names, stray keys. */
export const CALLGRIND_JUNK = [
  '', '#', 'calls=', 'calls=1', 'calls=0xffffffffffffffff 1', 'calls=1e30 1', 'fn=(', 'fn=()', 'fn=(7)', 'fn=(0)', 'cfn=(99999)', 'fl=(3)', 'fi=(12)',
  'fe=', 'ob=(1)', 'cob=(2) x', 'cfl=~', 'cfi=(8) y', '0x', '+', '-', '*', '* *', '+1 -1', '-99999999 1', '0xffffffffffffffff 1',
  '1 0xffffffffffffffff', '1 1e308', '1 1e30', '1 1e309', '1 -1e308', '1 99999999999999999999999999999999999', `1 ${'9'.repeat(400)}`,
  '1 1.5e3', '1 -2', '1 NaN', '1 Infinity', '1 1 1 1 1 1 1 1 1 1', 'events:', 'events: A B C', 'events: Ir\u0000',
  'positions: instr line', 'positions: line', 'positions:', 'summary:', 'summary: 1e308', 'summary: -5', 'totals: 1e999', 'part: 2',
  'cmd: \u202e', 'fn=__proto__', 'fn=constructor', 'fn=(5) toString', 'jump=1 2', 'jcnd=1/2 3', '\u00e9=\u00e9', 'fn=\ud83d\ude00', 'x',
];

export function lineEdit(lineCount: number, junk: readonly string[]): fc.Arbitrary<LineEdit> {
  const at = fc.integer({ min: 0, max: Math.max(0, lineCount - 1) });
  const text = fc.oneof(fc.constantFrom(...junk), fc.string({ maxLength: 16 }));
  return fc.oneof(
    fc.record({ kind: fc.constantFrom('drop' as const, 'dup' as const), at }),
    fc.record({ kind: fc.constant('swap' as const), at, to: at }),
    fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const), at, text }),
  );
}

export function applyLineEdits(src: readonly string[], edits: readonly LineEdit[]): string[] {
  const lines = [...src];
  for (const e of edits) {
    if (lines.length === 0) break;
    const i = e.at % lines.length;
    switch (e.kind) {
      case 'drop': lines.splice(i, 1); break;
      case 'dup': lines.splice(i, 0, lines[i]); break;
      case 'swap': { const j = e.to % lines.length; [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
      case 'replace': lines[i] = e.text; break;
      case 'insert': lines.splice(i, 0, e.text); break;
    }
  }
  return lines;
}

/** A whole file's lines in a random order (a permutation, by a seeded Fisher-Yates). */
export function shuffledLines(lines: readonly string[]): fc.Arbitrary<string[]> {
  return fc.array(fc.nat(), { minLength: lines.length, maxLength: lines.length }).map((r) => {
    const out = [...lines];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r[i] % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  });
}

// ---- JSON structure mutations --------------------------------------------------------------

/** Values that break assumptions about a V8 profile's fields. */
export const HOSTILE_JSON_VALUES: unknown[] = [
  null, true, false, 0, -1, -0, 1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 1e21, 0xffffffff, -2147483648,
  '', '0', '1', 'NaN', '__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202e\ud83d\ude00', '\ud800',
  [], [0], [1, 1, 1], [-1], ['1'], [[[]]], {}, { id: 1 }, JSON.parse('{"__proto__": {"polluted": 1}}'), { toString: 1, valueOf: 1 }, { toString: 1 },
  { functionName: 'x', url: 'y', lineNumber: 1e308, columnNumber: -1e308 },
];

/** Paths (lists of keys) to every value inside a JSON document, up to `limit` of them. */
export function jsonPaths(doc: unknown, limit = 100_000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[doc, []]];
  while (stack.length > 0 && out.length < limit) {
    const [v, path] = stack.pop()!;
    out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
  }
  return out;
}

export interface JsonEdit {
  path: number;
  kind: 'replace' | 'delete' | 'copy';
  value: unknown;
  from: number;
}

export function jsonEdit(pathCount: number): fc.Arbitrary<JsonEdit> {
  return fc.record({
    path: fc.integer({ min: 0, max: pathCount - 1 }),
    kind: fc.constantFrom('replace' as const, 'delete' as const, 'copy' as const),
    value: fc.oneof(fc.constantFrom(...HOSTILE_JSON_VALUES), fc.jsonValue({ maxDepth: 2 })),
    from: fc.integer({ min: 0, max: pathCount - 1 }),
  });
}

/** Applies edits to a deep copy: replace a value, delete it, or copy another value over it (making duplicate ids, cycles...). */
export function applyJsonEdits(doc: unknown, paths: (string | number)[][], edits: readonly JsonEdit[]): unknown {
  let root: unknown = structuredClone(doc);
  const get = (path: (string | number)[]): unknown => {
    let v: unknown = root;
    for (const k of path) {
      // own keys only: an "at" path into a value replaced by an array must not find Array.prototype.at
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
      v = (v as Record<string | number, unknown>)[k];
    }
    return v;
  };
  for (const e of edits) {
    const path = paths[e.path];
    const value = e.kind === 'copy' ? structuredClone(get(paths[e.from])) : e.value;
    if (path.length === 0) {
      if (e.kind !== 'delete') root = value;
      continue;
    }
    const parent = get(path.slice(0, -1));
    if (parent === null || typeof parent !== 'object') continue;
    const container = parent as Record<string | number, unknown>;
    const key = path[path.length - 1];
    if (e.kind !== 'delete') container[key] = value;
    else if (Array.isArray(container) && typeof key === 'number') container.splice(key, 1);
    else delete container[key];
  }
  return root;
}
