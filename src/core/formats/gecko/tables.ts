import { ProfileFormatError } from '../../errors';
import { isObject, own, shown, withinExactRange } from '../../untrusted';
import type { Libraries } from './libs';

/**
 * One thread of a Gecko or processed profile as columns: the stack table (prefix, frame), each
 * frame's function, and the samples (stack, time, weight). Raw Gecko tables are {schema, data}
 * with rows whose fields the schema names (rows may stop early: missing fields are null);
 * processed tables are objects of parallel arrays. Both are read by name. Every index is checked
 * here, so the tree builder can trust them: a stack's prefix must be an earlier row (as both
 * formats write them), which also rules out loops.
 */
export interface ThreadColumns {
  stackCount: number;
  stackPrefix: Int32Array;
  stackFrame: Int32Array;
  frameFunc: Int32Array;
  funcCount: number;
  func(index: number): { name: string; file: string; line: number; column: number };
  sampleCount: number;
  /** -1 for a sample without a stack */
  sampleStack: Int32Array;
  /** where sample i is in the file, for warnings */
  samplePlace(i: number): string;
  /** ms; NaN when unknown */
  sampleTime: Float64Array;
  sampleWeight: Float64Array;
  /** "samples", "tracing-ms" or "bytes" */
  weightType: string;
}

const FORMAT = 'gecko';

function fail(problem: string, where: string): never {
  throw new ProfileFormatError(FORMAT, problem, where);
}

/**
 * `shared`: the profile's `shared` object, where processed profiles since version 60 keep the
 * stack, frame and function tables of all threads (and since 58 the `sources` their functions
 * name files by); older ones keep the tables per thread.
 */
export function threadColumns(thread: Record<string, unknown>, where: string, processed: boolean, sharedStrings: unknown, libs: Libraries, shared: Record<string, unknown> = {}): ThreadColumns {
  const strings = own(thread, 'stringArray') ?? own(thread, 'stringTable') ?? sharedStrings;
  if (!Array.isArray(strings)) fail('the thread has no string table ("stringTable" or "stringArray")', `${where}.stringTable`);
  const text = (i: unknown, at: string): string => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= strings.length || typeof strings[i] !== 'string') {
      fail(`${shown(i)} is not an index into the string table (${strings.length} strings)`, at);
    }
    return strings[i];
  };
  return processed ? processedColumns(thread, where, text, shared) : rawColumns(thread, where, text, libs);
}

type Text = (i: unknown, at: string) => string;

// ---- raw Gecko: {schema, data} tables ------------------------------------------------------

interface RawTable {
  rows: unknown[];
  field(name: string): number;
}

function rawTable(thread: Record<string, unknown>, key: string, where: string): RawTable {
  const t = own(thread, key);
  const at = `${where}.${key}`;
  if (!isObject(t)) fail(`no "${key}" table`, at);
  const schema = own(t, 'schema');
  const rows = own(t, 'data');
  if (!Array.isArray(rows)) fail(`the "${key}" table has no "data" rows`, `${at}.data`);
  const names = new Map<string, number>();
  if (Array.isArray(schema)) schema.forEach((n, i) => { if (typeof n === 'string') names.set(n, i); });
  else if (isObject(schema)) for (const n of Object.keys(schema)) { const i = schema[n]; if (typeof i === 'number' && Number.isInteger(i) && i >= 0) names.set(n, i); }
  else fail(`the "${key}" table has no "schema"`, `${at}.schema`);
  return { rows, field: (name) => names.get(name) ?? -1 };
}

function cell(row: unknown, field: number, at: string): unknown {
  if (!Array.isArray(row)) fail('a table row is not an array', at);
  return field >= 0 && field < row.length ? row[field] : null;
}

function rawColumns(thread: Record<string, unknown>, where: string, text: Text, libs: Libraries): ThreadColumns {
  const stacks = rawTable(thread, 'stackTable', where);
  const frames = rawTable(thread, 'frameTable', where);
  const samples = rawTable(thread, 'samples', where);
  const frameCount = frames.rows.length;
  const stackCount = stacks.rows.length;

  // a raw frame's function is its location string: one function per distinct string
  const location = frames.field('location');
  if (location < 0) fail('the frame table\'s schema has no "location"', `${where}.frameTable.schema`);
  const funcOfString = new Map<number, number>();
  const funcText: string[] = [];
  const frameFunc = new Int32Array(frameCount);
  for (let i = 0; i < frameCount; i++) {
    const at = `${where}.frameTable.data[${i}]`;
    const s = cell(frames.rows[i], location, at);
    const name = text(s, at);
    let f = funcOfString.get(s as number);
    if (f === undefined) {
      f = funcText.length;
      funcText.push(name);
      funcOfString.set(s as number, f);
    }
    frameFunc[i] = f;
  }

  const { prefix: stackPrefix, frame: stackFrame } = stackColumns(stackCount, frameCount, where, (i) => {
    const at = `${where}.stackTable.data[${i}]`;
    const row = stacks.rows[i];
    return [cell(row, stacks.field('prefix'), at), cell(row, stacks.field('frame'), at), at];
  });

  const sampleCount = samples.rows.length;
  const stackField = samples.field('stack');
  if (stackField < 0) fail('the samples\' schema has no "stack"', `${where}.samples.schema`);
  const timeField = samples.field('time');
  const weightField = samples.field('weight');
  const sampleStack = new Int32Array(sampleCount);
  const sampleTime = new Float64Array(sampleCount);
  const sampleWeight = new Float64Array(sampleCount);
  for (let i = 0; i < sampleCount; i++) {
    const at = `${where}.samples.data[${i}]`;
    const row = samples.rows[i];
    sampleStack[i] = stackIndex(cell(row, stackField, at), stackCount, at);
    const t = cell(row, timeField, at);
    sampleTime[i] = typeof t === 'number' ? t : NaN;
    sampleWeight[i] = weight(cell(row, weightField, at), at);
  }
  const samplesObject = own(thread, 'samples') as Record<string, unknown>;
  return {
    stackCount, stackPrefix, stackFrame, frameFunc,
    funcCount: funcText.length,
    func: (f) => {
      const at = parseLocation(funcText[f]);
      // an unsymbolicated frame keeps its address as its name and its library as its file
      return at.file === '' ? { ...at, file: libs.fileOf(at.name) } : at;
    },
    sampleCount, sampleStack, sampleTime, sampleWeight,
    samplePlace: (i) => `${where}.samples.data[${i}]`,
    weightType: weightTypeOf(own(samplesObject, 'weightType')),
  };
}

/**
 * A raw frame's location: "name (file:line:col)" for JS, anything else (a C++ label, an address)
 * is the name. Firefox 128 and later append the script's source index, "[3]", and write a
 * script's top level and an anonymous function as the bare place, "url[3]" and
 * "url:line:col[3]": the index goes (the place says which script), a bare place is its own name
 * and file. Parsed by hand from the end, so a hostile string of many " (" stays linear.
 */
export function parseLocation(location: string): { name: string; file: string; line: number; column: number } {
  const source = /\[\d{1,9}\]$/.exec(location);
  const s = source ? location.slice(0, source.index) : location;
  const plain = { name: location, file: '', line: 0, column: 0 };
  if (!s.endsWith(')')) return bareScriptPlace(s) ?? plain;
  const open = s.lastIndexOf(' (');
  if (open < 0) return plain;
  const place = placeOf(s.slice(open + 2, -1));
  return place ? { name: s.slice(0, open), ...place } : plain;
}

/** "url:line:col", "url:line" or a bare "url" (no parentheses in any); null for a text with neither numbers nor "://" */
function placeOf(text: string): { file: string; line: number; column: number } | null {
  let inner = text;
  if (inner.includes('(') || inner.includes(')')) return null;
  const numbers: number[] = [];
  for (let k = 0; k < 2; k++) {
    const m = /:(\d{1,9})$/.exec(inner);
    if (!m) break;
    numbers.unshift(Number(m[1]));
    inner = inner.slice(0, -m[0].length);
  }
  if (numbers.length === 0 && !inner.includes('://')) return null;
  return { file: inner, line: numbers[0] ?? 0, column: numbers[1] ?? 0 };
}

/** A script's place written alone ("resource://x.js", "moz-extension://a/b.js:571:56"): named by itself */
function bareScriptPlace(s: string): { name: string; file: string; line: number; column: number } | null {
  if (!s.includes('://') || /\s/.test(s)) return null;
  const place = placeOf(s);
  return place ? { name: s, ...place } : null;
}

// ---- processed: column tables ---------------------------------------------------------------

function columns(thread: Record<string, unknown>, key: string, where: string, shared: Record<string, unknown> = {}): { get(name: string): unknown[] | null; length: number } {
  const t = own(thread, key) ?? own(shared, key);
  if (!isObject(t)) fail(`no "${key}" table, in the thread or in the profile's "shared"`, `${where}.${key}`);
  const get = (name: string): unknown[] | null => {
    const c = own(t, name);
    return Array.isArray(c) ? c : null;
  };
  const n = own(t, 'length');
  return { get, length: typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : -1 };
}

function required(c: unknown[] | null, key: string, name: string, where: string): unknown[] {
  if (!c) fail(`the "${key}" table has no "${name}" column`, `${where}.${key}.${name}`);
  return c;
}

function processedColumns(thread: Record<string, unknown>, where: string, text: Text, shared: Record<string, unknown>): ThreadColumns {
  const stacks = columns(thread, 'stackTable', where, shared);
  const frames = columns(thread, 'frameTable', where, shared);
  const funcs = columns(thread, 'funcTable', where, shared);
  const samples = columns(thread, 'samples', where);

  const funcName = required(funcs.get('name'), 'funcTable', 'name', where);
  const fileOf = funcFiles(funcs, shared, where, text);
  const lineNumber = funcs.get('lineNumber');
  const columnNumber = funcs.get('columnNumber');
  const funcCount = funcName.length;

  const func = required(frames.get('func'), 'frameTable', 'func', where);
  const frameCount = func.length;
  const frameFunc = new Int32Array(frameCount);
  for (let i = 0; i < frameCount; i++) {
    const f = func[i];
    if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f >= funcCount) {
      fail(`${shown(f)} is not a row of the function table (${funcCount} rows)`, `${where}.frameTable.func[${i}]`);
    }
    frameFunc[i] = f;
  }

  const prefix = required(stacks.get('prefix'), 'stackTable', 'prefix', where);
  const frame = required(stacks.get('frame'), 'stackTable', 'frame', where);
  const stackCount = frame.length;
  const cols = stackColumns(stackCount, frameCount, where, (i) => [i < prefix.length ? prefix[i] : null, frame[i], `${where}.stackTable.frame[${i}]`]);

  const stack = required(samples.get('stack'), 'samples', 'stack', where);
  const sampleCount = stack.length;
  const time = samples.get('time');
  const deltas = samples.get('timeDeltas');
  const weights = samples.get('weight');
  const sampleStack = new Int32Array(sampleCount);
  const sampleTime = new Float64Array(sampleCount);
  const sampleWeight = new Float64Array(sampleCount);
  let t = 0;
  for (let i = 0; i < sampleCount; i++) {
    const at = `${where}.samples.stack[${i}]`;
    sampleStack[i] = stackIndex(stack[i], stackCount, at);
    if (time) sampleTime[i] = typeof time[i] === 'number' ? (time[i] as number) : NaN;
    else if (deltas) sampleTime[i] = t += typeof deltas[i] === 'number' ? (deltas[i] as number) : NaN;
    else sampleTime[i] = NaN;
    sampleWeight[i] = weights ? weight(weights[i], `${where}.samples.weight[${i}]`) : 1;
  }

  // a function's strings are looked up (and checked) when a sample first reaches it
  const position = (c: unknown[] | null, f: number) => {
    const v = c ? c[f] : null;
    return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 31 ? v : 0;
  };
  return {
    ...cols.named, stackPrefix: cols.prefix, stackFrame: cols.frame, frameFunc, funcCount,
    func: (f) => ({
      name: text(funcName[f], `${where}.funcTable.name[${f}]`),
      file: fileOf(f),
      line: position(lineNumber, f),
      column: position(columnNumber, f),
    }),
    sampleCount, sampleStack, sampleTime, sampleWeight,
    samplePlace: (i) => `${where}.samples.stack[${i}]`,
    weightType: weightTypeOf(own(own(thread, 'samples') as Record<string, unknown>, 'weightType')),
  };
}

/**
 * A function's file: its `fileName` string (processed versions before 58), else the `filename`
 * string of the row of `shared.sources` its `source` names; '' when it has none.
 */
function funcFiles(funcs: { get(name: string): unknown[] | null }, shared: Record<string, unknown>, where: string, text: Text): (f: number) => string {
  const fileName = funcs.get('fileName');
  if (fileName) return (f) => (typeof fileName[f] === 'number' ? text(fileName[f], `${where}.funcTable.fileName[${f}]`) : '');
  const source = funcs.get('source');
  const sources = own(shared, 'sources');
  const filename = isObject(sources) ? own(sources, 'filename') : undefined;
  if (!source || !Array.isArray(filename)) return () => '';
  return (f) => {
    const s = source[f];
    if (typeof s !== 'number') return '';
    if (!Number.isInteger(s) || s < 0 || s >= filename.length) fail(`${shown(s)} is not a row of the sources table (${filename.length} rows)`, `${where}.funcTable.source[${f}]`);
    return typeof filename[s] === 'number' ? text(filename[s], `shared.sources.filename[${s}]`) : '';
  };
}

// ---- shared checks ---------------------------------------------------------------------------

function stackColumns(
  stackCount: number, frameCount: number, where: string, row: (i: number) => [unknown, unknown, string],
): { prefix: Int32Array; frame: Int32Array; named: { stackCount: number } } {
  const prefix = new Int32Array(stackCount);
  const frame = new Int32Array(stackCount);
  for (let i = 0; i < stackCount; i++) {
    const [p, f, at] = row(i);
    if (p === null || p === undefined) prefix[i] = -1;
    else if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < i) prefix[i] = p;
    else fail(`prefix ${shown(p)} is not an earlier row of the stack table`, at);
    if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f >= frameCount) {
      fail(`frame ${shown(f)} is not a row of the frame table (${frameCount} rows)`, at);
    }
    frame[i] = f;
  }
  return { prefix, frame, named: { stackCount } };
}

function stackIndex(s: unknown, stackCount: number, at: string): number {
  if (s === null || s === undefined) return -1;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= stackCount) {
    fail(`stack ${shown(s)} is not a row of the stack table (${stackCount} rows)`, at);
  }
  return s;
}

function weight(w: unknown, at: string): number {
  if (w === null || w === undefined) return 1;
  if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) fail(`weight ${shown(w)} is not a number ≥ 0`, at);
  if (!withinExactRange(w)) fail(`weight ${shown(w)} is beyond 2^53 - 1, past what a number holds exactly`, at);
  return w;
}

function weightTypeOf(v: unknown): string {
  return v === 'tracing-ms' || v === 'bytes' ? v : 'samples';
}
