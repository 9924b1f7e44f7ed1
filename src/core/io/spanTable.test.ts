import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanTable } from './spanTable';

function table(bytes: Uint8Array): SpanTable {
  return new SpanTable(bytes);
}

describe('SpanTable', () => {
  it('finds the first closing byte wherever it falls in a word or a pair of words, as indexOf does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(70), fc.constantFrom(0x7d, 0x00, 0xff, 0x80), (bytes, from, close) => {
      const start = Math.min(from, bytes.length);
      const at = bytes.indexOf(close, start);
      expect(table(bytes).closeAfter(start, close)).toBe(at < 0 ? -1 : at + 1);
    }), { numRuns: 2000 });
  });

  it('gives equal bytes equal hashes and finds them again by content only', () => {
    const text = '{"a":"x}"}{"a":"x}"}{"a":"y}"}{"a":"x}"}';
    const bytes = new TextEncoder().encode(text);
    const spans = table(bytes);
    const ends: number[] = [];
    const hashes: number[] = [];
    for (let start = 0; start < bytes.length; start = ends[ends.length - 1]) {
      // each object to its first '}' (inside the string) and on to the real end
      const inner = spans.closeAfter(start, 0x7d);
      const end = spans.closeAfter(inner, 0x7d);
      ends.push(end);
      spans.closeAfter(start, 0x7d);
      hashes.push(spans.lastHash);
    }
    expect(ends).toEqual([10, 20, 30, 40]);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toBe(hashes[3]);
    spans.add(hashes[0], 0, 10, 7);
    expect(spans.find(hashes[1], 10, 20)).toBe(7);
    expect(spans.find(hashes[2], 20, 30)).toBe(-1);
    // a hash that collides is not enough: the bytes are compared
    expect(spans.find(hashes[0], 20, 30)).toBe(-1);
  });

  it('keeps every span findable as it grows', () => {
    const n = 3000;
    const text = Array.from({ length: n }, (_, i) => `<${i}>`).join('');
    const bytes = new TextEncoder().encode(text);
    const spans = table(bytes);
    const starts: number[] = [];
    for (let p = 0, i = 0; i < n; i++) {
      starts.push(p);
      const end = spans.closeAfter(p, 0x3e);
      spans.add(spans.lastHash, p, end, i);
      p = end;
    }
    for (let i = 0; i < n; i += 7) {
      const end = spans.closeAfter(starts[i], 0x3e);
      expect(spans.find(spans.lastHash, starts[i], end)).toBe(i);
    }
  });
});
