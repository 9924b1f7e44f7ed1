import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCallgrind } from '../formats/callgrind';
import { corpusFiles, readBytes } from '../../../test/support/corpus';
import { lineRange } from './lines';

// Per-line costs of the corpus's callgrind files against valgrind's own callgrind_annotate
// --auto=yes (test/support/oracles/callgrind_lines_oracle.py): the self cost it prints beside
// each source line (summed over the functions with cost at that file:line, as it annotates per
// file), and the "=> callee" inclusive costs of the calls made from a line.
const ORACLE = new URL('../../../test/support/oracles/callgrind_lines_oracle.py', import.meta.url).pathname;

interface Oracle {
  event: string;
  files: Record<string, { self: Record<string, number>; calls: Record<string, [string, number, number][]> }>;
}

const files = [...corpusFiles('callgrind', '.callgrind'), ...corpusFiles('xdebug', '.out')];

describe('callgrind per-line costs equal callgrind_annotate --auto=yes', () => {
  it.each(files.map((f) => [basename(f), f]))('%s', (_, path) => {
    const oracle = JSON.parse(execFileSync('python3', [ORACLE, path], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Oracle;
    const profile = importCallgrind(readBytes(path));
    const lines = profile.lines!;
    expect(lines.size).toBeGreaterThan(0);
    // ours, per file:line: self summed over frames, and per frame the cost of its calls
    const self = new Map<string, number>();
    const calls = new Map<string, number[]>();
    for (let r = 0; r < lines.size; r++) {
      const key = `${lines.files[lines.file[r]]}\u0000${lines.line[r]}`;
      self.set(key, (self.get(key) ?? 0) + lines.self[r]);
      const c = lines.total[r] - lines.self[r];
      if (c > 0) calls.set(key, [...(calls.get(key) ?? []), c]);
    }
    let compared = 0, callLines = 0;
    for (const [file, ann] of Object.entries(oracle.files)) {
      for (const [line, cost] of Object.entries(ann.self)) {
        expect(self.get(`${file}\u0000${line}`) ?? 0, `${file}:${line}`).toBe(cost);
        compared++;
      }
      for (const [line, entries] of Object.entries(ann.calls)) {
        const printed = entries.reduce((s, e) => s + e[1], 0);
        const ours = calls.get(`${file}\u0000${line}`) ?? [];
        // callgrind_annotate prints the calls of the first function calling from a line: one of ours
        if (printed > 0) expect(ours, `${file}:${line} calls`).toContain(printed);
        callLines++;
      }
    }
    // and no line of an annotated file has self cost the tool does not print
    for (const [key, cost] of self) {
      const [file, line] = key.split('\u0000');
      if (!(file in oracle.files) || line === '0') continue;
      expect(oracle.files[file].self[line] ?? 0, `${file}:${line} (ours)`).toBe(cost);
    }
    expect(compared).toBeGreaterThan(0);
    expect(callLines).toBeGreaterThan(0);
  });

  it('a function of default.callgrind: its lines are one range, self summing to its self cost', () => {
    const profile = importCallgrind(readBytes(corpusFiles('callgrind', 'default.callgrind')[0]));
    const lines = profile.lines!;
    for (let f = 1; f < profile.frames.length; f++) {
      const [from, to] = lineRange(lines, f);
      let sum = 0;
      for (let r = from; r < to; r++) sum += lines.self[r];
      expect(sum).toBe(profile.functions.self[f]);
    }
  });

  it('lines: false keeps none, and the rest of the profile is the same', () => {
    const bytes = readBytes(corpusFiles('callgrind', 'cachesim.callgrind')[0]);
    const on = importCallgrind(bytes), off = importCallgrind(bytes, { lines: false });
    expect(off.lines).toBeUndefined();
    expect(on.lines!.size).toBeGreaterThan(0);
    expect(off.functions.self).toEqual(on.functions.self);
    expect(off.graph!.total).toEqual(on.graph!.total);
    expect(off.frames).toEqual(on.frames);
  });
});
