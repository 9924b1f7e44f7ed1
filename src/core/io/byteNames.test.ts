import { describe, expect, it } from 'vitest';
import { ByteNames } from './byteNames';

/**
 * ByteNames against a Map of the same keys as strings: keys are hashed and compared a word at a
 * time, so a key must be found whatever its offset (alignment) in the buffer, and keys that differ
 * in one byte anywhere (inside a word, in the tail, in the length) must stay apart.
 */
describe('ByteNames', () => {
  it('finds every key at any offset and tells keys one byte apart', () => {
    const keys: string[] = [''];
    for (const len of [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 64, 67]) {
      const base = Array.from({ length: len }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
      keys.push(base);
      for (let at = 0; at < len; at++) keys.push(base.slice(0, at) + 'Z' + base.slice(at + 1)); // one byte changed
      keys.push(base + 'a', base + '\0'); // one byte longer
    }
    // every key twice, the second time at another offset mod 8
    const text = keys.map((k, i) => ' '.repeat(i % 8) + k + '\n').join('') + keys.map((k, i) => ' '.repeat((i + 3) % 8) + k + '\n').join('');
    const b = new TextEncoder().encode(text);
    const names = new ByteNames(b);
    const oracle = new Map<string, number>();
    let p = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < keys.length; i++) {
        while (b[p] === 32) p++;
        const e = b.indexOf(10, p);
        const key = keys[i];
        const expected = oracle.get(key) ?? -1;
        const got = names.get(p, e, 0);
        expect(got, JSON.stringify(key)).toBe(expected);
        if (got < 0) {
          names.set(p, e, 0, oracle.size);
          oracle.set(key, oracle.size);
        }
        p = e + 1;
      }
    }
    expect(oracle.size).toBe(new Set(keys).size);
  });

  it('keeps the same bytes with different tags apart', () => {
    const b = new TextEncoder().encode('main main');
    const names = new ByteNames(b);
    expect(names.get(0, 4, 1)).toBe(-1);
    names.set(0, 4, 1, 10); // set stores the key the get before it missed
    expect(names.get(5, 9, 1)).toBe(10);
    expect(names.get(5, 9, 2)).toBe(-1);
  });
});
