import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECONDS, type Frame, type Profile } from '../core/model';
import { functionRows, sortRows, type SortKey } from '../core/stats/table';
import { TreeBuilder, subtreeSizes } from '../core/tree/grow';
import { tableOrder, rememberPrepared } from '../state/derived';
import { appendSlice, frameSlices } from './frameSlices';
import { prepare } from './prepare';

// names and files as hostile files write them: markup, NUL, object keys, repeats
const text = fc.constantFrom('', '~', 'a.py', '<b>', '__proto__', 'constructor', 'x\u0000y', 'é', '(root)', '<built-in method posix.stat>');
const frame = fc.record({ name: text, file: text, line: fc.constantFrom(0, 1, 7, 2 ** 40), column: fc.constantFrom(0, 3) });

describe('frame slices', () => {
  it('give back the same frames, each distinct string sent once per job', () => {
    fc.assert(fc.property(fc.array(fc.array(frame, { maxLength: 30 }), { maxLength: 3 }), fc.integer({ min: 1, max: 7 }), (profiles, size) => {
      const known = new Map<string, number>();
      const strings: string[] = [];
      let sent = 0;
      for (const frames of profiles) {
        const into: Frame[] = [];
        for (const slice of frameSlices(frames, known, size)) {
          expect(slice.name.length).toBeLessThanOrEqual(size);
          sent += slice.strings.length;
          appendSlice(structuredClone(slice), strings, into);
        }
        expect(into).toEqual(frames);
      }
      expect(sent).toBe(new Set(profiles.flat().flatMap((f) => [f.name, f.file])).size);
    }));
  });
});

const PYFRAMES: [string, string, number][] = [['(root)', '', 0], ['main', '/app/main.py', 1], ['<built-in method builtins.len>', '~', 0], ['work', '/app/lib/work.py', 9], ['idle', '/app/main.py', 30]];

function sample(): Profile {
  const frames: Frame[] = PYFRAMES.map(([name, file, line]) => ({ name, file, line, column: 0 }));
  const b = new TreeBuilder();
  const root = b.push(-1, 0, 0);
  const main = b.push(root, 1, 1);
  b.push(main, 2, 3);
  b.push(b.push(main, 3, 2), 2, 3);
  const tree = b.finish();
  return {
    format: 'pstats', name: 't.prof', unit: SECONDS, total: tree.total[0], frames, tree,
    functions: { ncalls: Float64Array.of(0, 1, 2, 1, 0), primcalls: Float64Array.of(0, 1, 2, 1, 0), self: Float64Array.of(0, 1, 6, 2, 0), total: Float64Array.of(0, 9, 5, 6, 0) },
    graph: null, events: ['time'], event: 0,
  };
}

describe('prepare', () => {
  it('works out what the page would', () => {
    const p = sample();
    const prepared = prepare(p);
    expect([...prepared.sizes]).toEqual([...subtreeSizes(p.tree)]);
    expect([...prepared.cumtime]).toEqual(sortRows(functionRows(p), p.frames, 'cumtime').map((r) => r.frame));
    expect([...prepared.tottime]).toEqual(sortRows(functionRows(p), p.frames, 'tottime').map((r) => r.frame));
    // self by package, summed by hand: len (builtins) 6, work (/app/lib) 2, main (/app) 1; idle has none
    expect(prepared.packages).toEqual([{ key: 'builtin:builtins', time: 6 }, { key: '/app/lib', time: 2 }, { key: '/app', time: 1 }]);
    const fresh = sample();
    rememberPrepared(fresh, prepared);
    for (const key of ['cumtime', 'tottime'] as SortKey[]) {
      const expected = sortRows(functionRows(p), p.frames, key).map((r) => r.frame);
      expect([...tableOrder(fresh, key, false)], key).toEqual(expected);
    }
  });
});
