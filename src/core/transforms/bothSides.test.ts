import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/corpus';
import { importProfiles } from '../io/import';
import type { Profile } from '../model';
import { applyTransforms } from './apply';
import { applyBothSides, remapTransform } from './bothSides';
import type { Transform } from './types';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/callgrind/', import.meta.url));
const read = (file: string): Profile => importProfiles(readFileSync(join(CORPUS, file)), { name: file })[0];
const frameNamed = (p: Profile, name: string) => p.frames.findIndex((f) => f.name === name);

describe('transforms on both sides of a comparison', () => {
  // two runs of one program (work.js) at different sizes: the same functions, other frame indexes
  const next = read('cpuprofile/medium.cpuprofile');
  const base = read('cpuprofile/small.cpuprofile');
  const shared = next.frames.map((f) => f.name).filter((n, i) => i > 0 && n !== '(program)' && n !== '(idle)' && frameNamed(base, n) >= 0 && next.functions.total[i] > 0 && base.functions.total[frameNamed(base, n)] > 0);

  it('the corpus pair shares functions whose indexes differ, or the test proves nothing', () => {
    expect(shared.length).toBeGreaterThan(3);
    expect(shared.some((n) => frameNamed(next, n) !== frameNamed(base, n))).toBe(true);
  });

  it('replays each transform on the base as if it had been made there, by the function\'s identity', () => {
    for (const name of shared.slice(0, 4)) {
      for (const type of ['merge-function', 'drop-function', 'focus-function'] as const) {
        const t: Transform = { type, funcs: [frameNamed(next, name)] };
        const both = applyBothSides(next, base, [t]);
        // the independent side: the same transform built on the base's own frames
        const own = applyTransforms(base, [{ type, funcs: [frameNamed(base, name)] }]).profile;
        expect(both.base.total, `${type} ${name}`).toBeCloseTo(own.total, 9);
        expect([...both.base.functions.total]).toEqual([...own.functions.total]);
        expect(both.next.profile.total).toBeCloseTo(applyTransforms(next, [t]).profile.total, 9);
      }
    }
  });

  it('leaves the base alone where it lacks the function, and notes only the new side', () => {
    const onlyNext = next.frames.findIndex((f, i) => i > 0 && frameNamed(base, f.name) < 0 && next.functions.total[i] > 0);
    expect(onlyNext).toBeGreaterThan(0);
    const both = applyBothSides(next, base, [{ type: 'drop-function', funcs: [onlyNext] }]);
    expect(both.base).toBe(base);
    expect(both.next.notes[0].removed).toBeCloseTo(next.functions.total[onlyNext], 9);
    expect(remapTransform({ type: 'collapse-recursion', func: onlyNext }, next.frames, base.frames)).toEqual({ type: 'collapse-recursion', func: -1 });
  });

  it('keeps transforms that name no frames as they are', () => {
    const t: Transform = { type: 'only-my-code', libs: null };
    expect(remapTransform(t, next.frames, base.frames)).toBe(t);
    const both = applyBothSides(next, base, [t, { type: 'hide', pattern: '^\\(' }]);
    expect(both.base.total).toBeCloseTo(base.total, 9);
  });
});

describe('transforms on both sides of a callgrind comparison', () => {
  // parts of one valgrind run (--dump-before): the part dumped while main ran records main from a
  // later line than the first part does (test/fixtures/callgrind/make.sh)
  const fixture = (f: string) => importProfiles(readFileSync(join(FIXTURES, f)), { name: f })[0];
  const base = fixture('parts.callgrind');
  const next = fixture('parts.callgrind.2');
  const mainOf = (p: Profile) => p.frames.findIndex((f) => f.name === 'main');

  it('the fixture records main at different lines in the two parts, or the test proves nothing', () => {
    expect(mainOf(base)).toBeGreaterThan(0);
    expect(base.frames[mainOf(base)].line).not.toBe(next.frames[mainOf(next)].line);
  });

  it('a function is found on the base by its file and name', () => {
    const t: Transform = { type: 'drop-function', funcs: [mainOf(next)] };
    expect(remapTransform(t, next.frames, base.frames, true)).toEqual({ type: 'drop-function', funcs: [mainOf(base)] });
    const both = applyBothSides(next, base, [t]);
    // the independent side: the same transform built on the base's own frames
    const own = applyTransforms(base, [{ type: 'drop-function', funcs: [mainOf(base)] }]).profile;
    expect(both.base.total).toBe(own.total);
    expect(both.base.total).toBeLessThan(base.total);
  });
});
