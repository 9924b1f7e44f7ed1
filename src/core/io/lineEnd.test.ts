import { describe, expect, it } from 'vitest';
import { lineEnd, viewOf } from './lineEnd';

/** lineEnd against Uint8Array.indexOf, the oracle, at every start of buffers with '\n' anywhere in a word. */
describe('lineEnd', () => {
  it('finds the next newline wherever it lies in a word, or the end', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 0xff;
    for (let round = 0; round < 40; round++) {
      const size = 1 + (round * 7) % 53;
      // bytes around 0x0a (0x09, 0x0b, 0x8a, 0xff...) and 0x00, where a borrow could mislead a word test
      const pool = [10, 9, 11, 0, 0x8a, 0x0a + 0x80, 0xff, 0x01, 32, 97];
      const whole = new Uint8Array(size + 3);
      for (let i = 0; i < whole.length; i++) whole[i] = round % 5 === 0 ? 97 : pool[rand() % pool.length];
      for (const offset of [0, 1, 2, 3]) {
        const b = whole.subarray(offset, offset + size);
        const view = viewOf(b);
        for (let p = 0; p <= size; p++) {
          const expected = b.indexOf(10, p);
          expect(lineEnd(b, view, p)).toBe(expected < 0 ? size : expected);
        }
      }
    }
  });
});
