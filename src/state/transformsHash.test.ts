import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transform } from '../core/transforms/types';
import { decodeTransforms, encodeTransforms } from './transformsHash';
import { readHash, writeHash } from './viewHash';

const frame = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const text = fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).filter((s) => s.length > 0);
const transform: fc.Arbitrary<Transform> = fc.oneof(
  fc.array(frame, { minLength: 1, maxLength: 12 }).map((path) => ({ type: 'focus-subtree', path }) as Transform),
  fc.array(frame, { minLength: 1, maxLength: 12 }).map((path) => ({ type: 'merge-call-node', path }) as Transform),
  fc.array(frame, { minLength: 1, maxLength: 3 }).map((funcs) => ({ type: 'focus-function', funcs }) as Transform),
  fc.array(frame, { minLength: 1, maxLength: 3 }).map((funcs) => ({ type: 'merge-function', funcs }) as Transform),
  fc.array(frame, { minLength: 1, maxLength: 3 }).map((funcs) => ({ type: 'drop-function', funcs }) as Transform),
  frame.map((func) => ({ type: 'collapse-recursion', func }) as Transform),
  frame.map((func) => ({ type: 'collapse-direct-recursion', func }) as Transform),
  text.map((prefix) => ({ type: 'collapse-lib', prefix }) as Transform),
  fc.option(fc.array(text, { minLength: 1, maxLength: 4 }), { nil: null }).map((libs) => ({ type: 'only-my-code', libs }) as Transform),
  text.map((pattern) => ({ type: 'hide', pattern }) as Transform),
);

describe('transforms in the address', () => {
  it('decode(encode(stack)) is the stack, through the whole hash too', () => {
    fc.assert(fc.property(fc.array(transform, { maxLength: 8 }), (stack) => {
      expect(decodeTransforms(encodeTransforms(stack))).toEqual({ transforms: stack, errors: [] });
      expect(readHash(writeHash({ urls: ['https://x/p.prof'], view: { transforms: stack } })).view.transforms ?? []).toEqual(stack);
    }));
  });

  it('keeps the documented short form', () => {
    expect(encodeTransforms([
      { type: 'merge-function', funcs: [71] },
      { type: 'focus-subtree', path: [0, 3, 361] },
      { type: 'collapse-lib', prefix: 'node_modules/react' },
      { type: 'only-my-code', libs: null },
      { type: 'hide', pattern: 'a~b' },
    ])).toBe('mf-1z~f-0.3.a1~cl-node_modules%2Freact~omc~h-a%7Eb');
  });

  it('a link with 20 transforms on a 100 000-function profile stays under 2 000 characters', () => {
    const stack: Transform[] = [];
    for (let i = 0; i < 20; i++) {
      const f = 90_000 + i * 371;
      const kinds: Transform[] = [
        { type: 'focus-subtree', path: [0, 99_123, 98_765, 97_001, 95_432, 93_210, f] },
        { type: 'merge-function', funcs: [f] },
        { type: 'drop-function', funcs: [f] },
        { type: 'collapse-recursion', func: f },
        { type: 'collapse-lib', prefix: 'site-packages/django/' },
      ];
      stack.push(kinds[i % kinds.length]);
    }
    const link = `https://example.org/profburst/${writeHash({ urls: ['https://example.org/prof/handler.prof'], view: { transforms: stack, zoomPath: [0, 3, 17] } })}`;
    expect(link.length).toBeLessThan(2000);
    expect(readHash(link.slice(link.indexOf('#'))).view.transforms).toEqual(stack);
  });

  it('an entry that does not read is reported and left out; the rest stay', () => {
    const { transforms, errors } = decodeTransforms('mf-1z~zz-3~f-0.-1~rec-1.2~omc');
    expect(transforms).toEqual([{ type: 'merge-function', funcs: [71] }, { type: 'only-my-code', libs: null }]);
    expect(errors).toHaveLength(3);
  });
});
