import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../../errors';
import { decodeMarshal, type PyValue } from './marshal';

// Fixtures are written by scripts/make-pstats-fixtures.py with CPython's own marshal; each .json
// holds what Python loads, in that script's tagged form (see its header).
const fixtures = new URL('../../../../test/fixtures/', import.meta.url);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, fixtures)));
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));

/** The decoded value in the fixture script's tagged JSON form, for toEqual. */
function tag(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { float: 'nan' };
    if (!Number.isFinite(v)) return { float: v > 0 ? 'inf' : '-inf' };
    return v;
  }
  if (Array.isArray(v)) return v.map(tag);
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [tag(k), tag(x)]) };
  if ('python' in v) return { const: v.python };
  return { complex: [tag(v.re), tag(v.im)] };
}

/** Python ints past 2^53 come as {int, approx}: a JS number can only be close. */
function bigIntsApprox(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) return expected.map((e, i) => bigIntsApprox(e, actual[i]));
  if (expected && typeof expected === 'object') {
    const e = expected as Record<string, unknown>;
    if ('int' in e) {
      const approx = e.approx as number;
      expect(Math.abs((actual as number) - approx)).toBeLessThanOrEqual(Math.abs(approx) * 2 ** -50);
      return actual;
    }
    if ('dict' in e) return { dict: bigIntsApprox(e.dict, (actual as { dict: unknown }).dict) };
  }
  return expected;
}

function errorOf(bytes: number[] | Uint8Array): ProfileFormatError {
  try {
    decodeMarshal(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileFormatError);
    return e as ProfileFormatError;
  }
  throw new Error('no error');
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

describe('decodeMarshal against CPython 3.11', () => {
  for (const version of [0, 1, 2, 3, 4]) {
    it(`decodes marshal version ${version} like marshal.loads`, () => {
      const actual = tag(decodeMarshal(read(`marshal/values-v${version}.bin`)));
      expect(actual).toEqual(bigIntsApprox(readJson(`marshal/values-v${version}.json`), actual));
    });
  }

  it('keeps the identity of referenced objects (interned strings, self-containing containers)', () => {
    const v = decodeMarshal(read('marshal/selfref.bin')) as PyValue[];
    const [list, dict] = v as [PyValue[], Map<PyValue, PyValue>];
    expect(list[0]).toBe(1);
    expect(list[1]).toBe(list);
    expect(dict.get('self')).toBe(dict);
    expect(dict.get('list')).toBe(list);
  });

  it('decodes a real cProfile dump of a recursive program', () => {
    const actual = tag(decodeMarshal(read('pstats/recursive.prof')));
    expect(actual).toEqual(readJson('marshal/recursive.prof.json'));
  });
});

describe('decodeMarshal on Python 2 and hand-made bytes', () => {
  it("reads py2 interned strings ('t', 'R'), str ('s'), text floats and int64", () => {
    const bytes = [
      0x28, ...le32(6),
      0x74, ...le32(3), ...ascii('foo'), // 't' interned #0
      0x74, ...le32(2), 0xc3, 0xa9, // 't' interned #1: 'é'
      0x52, ...le32(0), // 'R' -> 'foo'
      0x73, ...le32(2), 0xff, 0x41, // 's': not UTF-8, so Latin-1
      0x66, 4, ...ascii('-inf'), // 'f'
      0x49, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, // 'I' 2^53 - 1
    ];
    expect(decodeMarshal(Uint8Array.from(bytes))).toEqual(['foo', 'é', 'foo', 'ÿA', -Infinity, 2 ** 53 - 1]);
  });

  it('reads a 100 000 deep nest of tuples without recursion', () => {
    const depth = 100_000;
    const bytes = new Uint8Array(depth * 2 + 1);
    for (let i = 0; i < depth; i++) { bytes[2 * i] = 0x29; bytes[2 * i + 1] = 1; }
    bytes[depth * 2] = 0x4e;
    let v = decodeMarshal(bytes);
    let n = 0;
    while (Array.isArray(v)) { v = v[0]; n++; }
    expect(n).toBe(depth);
    expect(v).toBeNull();
  });

  it('names the byte of an unknown type code', () => {
    const e = errorOf([0x29, 2, 0x4e, 0x64]); // 'd' is no marshal type
    expect(e.problem).toBe('unknown marshal type code 0x64');
    expect(e.where).toBe('byte 3');
    // a code object cut short: the error of the first layout tried (3.11's), where the data ends
    const c = errorOf([0x29, 1, 0x63, 0, 0, 0, 0]);
    expect(c.problem).toMatch(/^truncated marshal data/);
  });

  it('rejects truncated data', () => {
    const prof = read('pstats/recursive.prof');
    for (const cut of [0, 1, 5, 100, prof.length - 1]) {
      const e = errorOf(prof.subarray(0, cut));
      expect(e.problem).toMatch(/^truncated marshal data/);
      expect(e.where).toBe(`byte ${cut}`);
    }
  });

  it('rejects bad reference indexes', () => {
    expect(errorOf([0x29, 2, 0xe9, ...le32(7), 0x72, ...le32(1)]).where).toBe('byte 7');
    expect(errorOf([0x72, ...le32(0)]).problem).toMatch(/bad marshal reference 0/);
    expect(errorOf([0x52, ...le32(0)]).problem).toMatch(/bad marshal string reference 0/);
  });

  it('rejects NULL outside a dict, lying sizes and bad floats', () => {
    expect(errorOf([0x30]).problem).toMatch(/NULL/);
    expect(errorOf([0x28, ...le32(0x7fffffff), 0x4e]).problem).toMatch(/^truncated/);
    expect(errorOf([0x28, ...le32(-1)]).problem).toMatch(/negative size/);
    // Python's float() takes 'Infinity' and '-NaN' but not what JS Number() also takes
    expect(decodeMarshal(Uint8Array.from([0x28, ...le32(2), 0x66, 8, ...ascii('Infinity'), 0x66, 4, ...ascii('-NaN')]))).toEqual([Infinity, NaN]);
    for (const s of ['0x1', ' 1', '']) expect(errorOf([0x66, s.length, ...ascii(s)]).problem).toMatch(/bad marshal float/);
    expect(errorOf([0x6c, ...le32(1), 0x00, 0x80]).problem).toMatch(/digit out of range/);
  });

  it("ends a dict at '0' in the key or the value position, as CPython does", () => {
    const d = decodeMarshal(Uint8Array.from([0x7b, 0x69, ...le32(1), 0x4e, 0x69, ...le32(2), 0x30])) as Map<PyValue, PyValue>;
    expect([...d]).toEqual([[1, null]]);
  });
});
