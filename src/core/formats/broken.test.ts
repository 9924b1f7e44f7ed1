import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSaneProfile } from '../../../test/support/saneProfile';
import { ProfileFormatError } from '../errors';
import { importProfiles } from '../io/import';

// Regression files for hostile and broken input (test/fixtures/broken/, described in its
// README.md): each must give exactly this error, or a sane profile, through importProfiles as the
// page and the CLI call it.

const dir = new URL('../../../test/fixtures/broken/', import.meta.url);

type Expected =
  | { format: string; problem: string; where: RegExp }
  | { profile: string; check?: (names: string[]) => void; warning?: RegExp };

const CASES: Record<string, Expected> = {
  'empty.cpuprofile': { format: 'unknown format', problem: 'the file is empty', where: /^byte 0$/ },
  'unknown.bin': { format: 'unknown format', problem: 'this is not a profile profburst reads', where: /^byte 0$/ },
  'truncated.cpuprofile': { format: 'cpuprofile', problem: 'not valid JSON: the file ends early', where: /^byte 5000 of 5000$/ },
  'perf.data': { format: 'perf.data', problem: 'this is the binary file perf record writes, which only perf reads: run `perf script -i FILE > FILE.txt`', where: /^byte 0$/ },
  'not-a-profile.json': { format: 'unknown format', problem: 'this JSON is none of the profile formats profburst reads (a V8 .cpuprofile has "nodes", a Chrome trace "traceEvents", speedscope JSON "$schema", a Firefox Profiler file "meta" and "threads"); its top-level keys are "name", "version", "scripts"', where: /^byte 0$/ },
  'no-nodes.cpuprofile': { format: 'cpuprofile', problem: 'no "nodes" array at the top level', where: /^byte 0$/ },
  'duplicate-id.cpuprofile': { format: 'cpuprofile', problem: 'node id 2 appears twice', where: /^nodes\[2\]$/ },
  'missing-id.cpuprofile': { format: 'cpuprofile', problem: 'node 1 has no numeric "id"', where: /^nodes\[1\]$/ },
  'time-overflow.cpuprofile': { format: 'cpuprofile', problem: 'the sample times are out of range', where: /^timeDeltas\[\d+\]$/ },
  'cycle.cpuprofile': { profile: 'cpuprofile', check: (names) => expect(names).toEqual(['(root)', '(root)', 'a', 'b']) },
  'object-ids.json': { profile: 'chrome-trace' },
  'no-profile.json': { format: 'chrome-trace', problem: 'the trace holds no CPU profile', where: /^byte 0$/ },
  'truncated-trace.json': { format: 'chrome-trace', problem: 'not valid JSON: the file ends early', where: /^byte 20000 of 20000$/ },
  'undefined-id.callgrind': { profile: 'callgrind', check: (names) => expect(names).toEqual(['(root)', '(undefined function 5)']), warning: /^1 function id is used and never defined: \(5\) \(first at line 3\)/ },
  'calls-without-cost.callgrind': { format: 'callgrind', problem: 'calls= on line 6 has no cost line after it', where: /^line \d+$/ },
  'huge-cost.callgrind': { format: 'callgrind', problem: 'a cost is too large', where: /^line 4$/ },
  'not-a-line.callgrind': { format: 'callgrind', problem: 'not a callgrind line', where: /^line 6$/ },
  'huge-position.callgrind': { profile: 'callgrind' },
  'truncated.prof': { format: 'pstats', problem: 'truncated marshal data', where: /^byte 4000$/ },
  'bad-reference.prof': { format: 'pstats', problem: 'bad marshal reference 9', where: /^byte \d+$/ },
  'not-a-tuple.prof': { format: 'pstats', problem: 'a function entry is not (cc, nc, tt, ct, callers)', where: /^byte 26$/ },
  'caller-string.prof': { format: 'pstats', problem: 'a caller entry is neither (nc, cc, tt, ct) nor a call count', where: /^byte \d+$/ },
  'nan-time.prof': { format: 'pstats', problem: 'a function entry holds NaN, not a finite number', where: /^byte 26$/ },
  'huge-time.prof': { format: 'pstats', problem: 'a function entry holds 1e+308, too large a time or count', where: /^byte 26$/ },
  'deep-nesting.prof.gz': { format: 'pstats', problem: 'a function entry is not (cc, nc, tt, ct, callers)', where: /^byte 26$/ },
  'hostile-names.prof': { profile: 'pstats', check: (names) => expect(names).toEqual(['(root)', '__proto__', 'constructor', '<img src=x onerror=alert(1)>', '\u202eevil', '\ud800']) },
  'truncated.cpuprofile.gz': { format: 'gzip', problem: 'the file is truncated', where: /^byte \d+$/ },
  'bad-checksum.cpuprofile.gz': { format: 'gzip', problem: 'does not match its gzip checksum', where: /^byte \d+$/ },
  'huge-length.cpuprofile.gz': { format: 'gzip', problem: 'does not match its gzip checksum', where: /^byte \d+$/ },
};

describe('broken files (test/fixtures/broken)', () => {
  it('every file there has a case here, and every case a file', () => {
    const files = readdirSync(dir).filter((f) => f !== 'README.md').sort();
    expect(files).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('broken: %s', (file, expected) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, dir)));
    let profiles;
    try {
      profiles = importProfiles(bytes, { name: file });
    } catch (e) {
      if (!(e instanceof ProfileFormatError)) throw e;
      if ('profile' in expected) throw new Error(`expected a profile, got ${e.message}`);
      expect(e.format).toBe(expected.format);
      expect(e.problem).toContain(expected.problem);
      expect(e.where).toMatch(expected.where);
      expect(e.message).toContain(expected.problem);
      return;
    }
    if (!('profile' in expected)) throw new Error(`expected ${expected.format}: ${expected.problem}, got a profile`);
    for (const p of profiles) {
      assertSaneProfile(p);
      expect(p.format).toBe(expected.profile);
      expected.check?.(p.frames.map((f) => f.name));
      if (expected.warning) expect(p.warnings ?? []).toEqual(expect.arrayContaining([expect.stringMatching(expected.warning)]));
    }
  });
});
