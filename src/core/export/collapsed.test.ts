import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importCollapsed } from '../formats/collapsed/collapsed';
import { importProfiles } from '../formats';
import type { Profile } from '../model';
import { StackTreeBuilder } from '../tree/fromStacks';
import { countUnit } from '../model';
import { decimal, toCollapsed } from './collapsed';

/** self and total per written label ("name (file:line)"), from the profile's own function stats */
function perLabel(p: Profile, label: (i: number) => string): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  p.frames.forEach((_, i) => seen.set(label(i), (seen.get(label(i)) ?? 0) + 1));
  p.frames.forEach((_, i) => {
    const { self, total } = p.functions;
    // a label shared by frames that differ only in their column is summed by the reader: skip those
    if (i === 0 || seen.get(label(i))! > 1 || (self[i] === 0 && total[i] === 0)) return;
    out.set(label(i), `${self[i].toPrecision(12)}/${total[i].toPrecision(12)}`);
  });
  return out;
}

const written = (p: Profile) => (i: number) => {
  const f = p.frames[i];
  return `${f.name}${f.file ? ` (${f.file}${f.line > 0 ? `:${f.line}` : ''})` : ''}`;
};

describe('convert --to collapsed', () => {
  for (const file of ['collapsed/work.collapsed', 'cpuprofile/small.cpuprofile', 'others/stackcollapse/perf-vertx-stacks-01-collapsed-all.txt']) {
    it(`${file}: read back, the same total and per-function self and total`, () => {
      const [p] = importProfiles(readBytes(join(CORPUS, file)));
      const text = toCollapsed(p);
      expect(text).not.toMatch(/e[+-]\d/);
      const back = importCollapsed(new TextEncoder().encode(text));
      expect(back.warnings).toBeUndefined();
      expect(back.total).toBeCloseTo(p.total, 6);
      const want = perLabel(p, written(p));
      const got = perLabel(back, (i) => back.frames[i].name);
      expect(want.size).toBeGreaterThan(5);
      for (const [label, v] of want) expect(got.get(label), label).toBe(v);
    });
  }

  it('one line per node with self weight, outermost first; `;` and line breaks in names replaced', () => {
    const b = new StackTreeBuilder();
    const f = (name: string, file = '', line = 0) => b.frames.intern(name, file, line, 0);
    b.addStack([f('main', 'a.py', 1), f('x;y\nz')], 2, 3);
    b.addStack([f('main', 'a.py', 1)], 1, 0.5);
    b.addStack([f('main', 'a.py', 1), f('g', 'b.py')], 2, 1e-7);
    const { tree, functions } = b.finish();
    const p: Profile = {
      format: 'collapsed', name: 't', unit: countUnit('samples'), total: 3.5000001, frames: b.frames.frames, tree, functions, graph: null, events: ['samples'], event: 0,
    };
    expect(toCollapsed(p).split('\n').sort()).toEqual(['', 'main (a.py:1) 0.5', 'main (a.py:1);g (b.py) 0.0000001', 'main (a.py:1);x:y z 3']);
  });

  it('numbers as plain decimals', () => {
    expect([decimal(3), decimal(0.25), decimal(1.5e-7), decimal(1e21)]).toEqual(['3', '0.25', '0.00000015', '1000000000000000000000']);
  });
});
