import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readJson } from '../../../test/support/corpus';
import { importProfiles } from '../io/import';
import { FrameTable } from '../frames';
import { countUnit, type Profile } from '../model';
import { StackTreeBuilder } from '../tree/fromStacks';
import { functionRows } from './table';

// The root a builder makes to hold a file's stacks is no function of the program: go tool pprof
// -top and perf report list none, so neither does the table (functionRows, stats --json).

describe('the root of a tree built from stacks', () => {
  it('is no row of a pprof profile: the rows are exactly go tool pprof\'s functions', () => {
    const file = join(CORPUS, 'pprof/cpu.pprof');
    const [p] = importProfiles(new Uint8Array(readFileSync(file)), { name: 'cpu.pprof' });
    const oracle = readJson<{ cum: Record<string, number> }>(`${file}.oracle.json`);
    const names = functionRows(p).map((r) => p.frames[r.frame].name).sort();
    expect(names).toEqual(Object.keys(oracle.cum).filter((k) => oracle.cum[k] !== 0).sort());
  });

  it('is a row holding the weight of samples without frames, where there are such', () => {
    const table = new FrameTable();
    const builder = new StackTreeBuilder(table);
    const a = table.intern('a', 'a.c', 1, 0), b = table.intern('b', 'b.c', 2, 0);
    builder.addStack([a, b], 2, 3);
    builder.addStack([], 0, 2);
    const { tree, functions } = builder.finish();
    const p: Profile = { format: 'collapsed', name: 't', unit: countUnit('samples'), total: tree.total[0], frames: table.frames, tree, functions, graph: null, events: ['samples'], event: 0 };
    const rows = new Map(functionRows(p).map((r) => [table.frames[r.frame].name, [r.self, r.total]]));
    expect(Object.fromEntries(rows)).toEqual({ '(root)': [2, 2], a: [0, 3], b: [3, 3] });
  });
});

