import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes, readJson } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { detectFormat } from '../../io/detect';
import { importProfiles } from '../../io/import';
import { demangle } from './demangle';
import { importPerfAll } from './perf';

interface Oracle {
  total: number;
  self: Record<string, number>;
}

const FIXTURES = new URL('../../../../test/fixtures/perf/', import.meta.url).pathname;

/** self per symbol name, summed over dsos as perf report's --sort sym output is summed by the oracle */
function selfByName(p: Profile): Record<string, number> {
  const out: Record<string, number> = {};
  p.frames.forEach((f, i) => {
    const v = p.functions.self[i];
    if (v !== 0) out[f.name] = (out[f.name] ?? 0) + v;
  });
  return out;
}

/** the oracle with perf report's names through the same demangler (a no-op on names perf demangled itself) */
function demangled(self: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(self)) out[demangle(k)] = (out[demangle(k)] ?? 0) + v;
  return out;
}

function expectOracle(p: Profile, oracle: Oracle): void {
  assertSaneProfile(p);
  expect(selfByName(p)).toEqual(demangled(oracle.self));
  expect(p.total).toBe(oracle.total);
  expect(p.tree.total[0]).toBe(oracle.total);
}

const text = (path: string) => (path.endsWith('.gz') ? new Uint8Array(gunzipSync(readBytes(path))) : readBytes(path));

describe('perf script against perf report', () => {
  for (const file of ['work.perf.txt', 'work-fields.perf.txt']) {
    it(`corpus/perf/${file}: self period per symbol and the total`, () => {
      const bytes = readBytes(join(CORPUS, 'perf', file));
      expect(detectFormat(bytes)).toBe('perf');
      const profiles = importProfiles(bytes, { name: file });
      expect(profiles.length).toBe(1); // one thread
      const [p] = profiles;
      expect(p.format).toBe('perf');
      expect(p.unit.name).toBe('nanoseconds');
      expect(p.events).toEqual(['cpu-clock:ppp']);
      expect(p.warnings).toBeUndefined();
      expectOracle(p, readJson<Oracle>(join(CORPUS, 'perf', file.replace('.txt', '.oracle.json'))));
      // samples in time order, weighted by their period, for the timeline
      expect(p.samples!.size).toBe(1329);
      for (let i = 1; i < p.samples!.size; i++) expect(p.samples!.time[i]).toBeGreaterThanOrEqual(p.samples!.time[i - 1]);
    });
  }

  // dwarf-inline: perf's inlined functions are frames of their own, so not perf report's symbols (a test of its own below)
  const recordings = readdirSync(FIXTURES).filter((f) => f.endsWith('.perf.txt.gz') && !f.endsWith('-inline.perf.txt.gz')).sort();
  it.each(recordings)('recording %s (test/fixtures/perf/make.sh): every event, all threads and each thread', (file) => {
    const bytes = text(join(FIXTURES, file));
    expect(detectFormat(bytes)).toBe('perf');
    // -fields, -srcline, -sideband, -notime and -mangled (--no-demangle): other `perf script` output of the recording named before the dash
    const base = file.replace(/-(fields|srcline|sideband|notime|mangled)\./, '.').replace('.txt.gz', '');
    const byEvent = readJson<Record<string, Oracle>>(join(FIXTURES, `${base}.oracle.json`));
    const byThread = readJson<Record<string, Record<string, Oracle>>>(join(FIXTURES, `${base}.threads.oracle.json`));
    const first = importPerfAll(bytes);
    expect(first[0].events.sort()).toEqual(Object.keys(byEvent).sort());
    for (const [event, oracle] of Object.entries(byEvent)) {
      const profiles = importPerfAll(bytes, { event: first[0].events.indexOf(event) });
      expectOracle(profiles[0], oracle);
      const threads = byThread[event];
      const tids = Object.keys(threads);
      if (tids.length === 1) {
        expect(profiles.length).toBe(1);
        continue;
      }
      expect(profiles.length).toBe(tids.length + 1);
      for (const tid of tids) {
        const mine = profiles.filter((p) => new RegExp(`[ /]${tid}\\)$`).test(p.name));
        expect(mine.length, `thread ${tid}`).toBe(1);
        expectOracle(mine[0], threads[tid]);
      }
    }
  });

  it('--call-graph dwarf: the functions perf marks (inlined) are frames, every sample kept; --no-inline is perf report exactly (above)', () => {
    const inline = text(join(FIXTURES, 'dwarf-inline.perf.txt.gz'));
    expect(new TextDecoder().decode(inline)).toMatch(/ msort_with_tmp\+0x[0-9a-f]+ \(inlined\)\n/);
    const [p] = importPerfAll(inline);
    const oracle = readJson<Record<string, Oracle>>(join(FIXTURES, 'dwarf.perf.oracle.json'))['cpu-clock:ppp'];
    assertSaneProfile(p);
    expect(p.warnings).toBeUndefined();
    expect(p.total).toBe(oracle.total);
    const self = selfByName(p);
    // the sort's self: under its ELF symbol in perf report, under the function inlined there here
    expect(self['msort_with_tmp']).toBe(oracle.self['msort_with_tmp.part.0']);
    expect(self['msort_with_tmp.part.0']).toBeUndefined();
    for (const name of Object.keys(self)) expect(name).not.toMatch(/inlined|\+0x/);
  });

  it('-F +srcline: the lines under each frame are no frames; the same tree as the recording\'s plain perf script', () => {
    const [plain] = importPerfAll(text(join(FIXTURES, 'lines.perf.txt.gz')));
    const [srcline] = importPerfAll(text(join(FIXTURES, 'lines-srcline.perf.txt.gz')));
    expect(srcline.warnings).toBeUndefined();
    const byName = (p: Profile) => new Map(p.frames.map((f, i) => [`${f.name} ${f.file}`, [p.functions.self[i], p.functions.total[i]]]));
    expect(byName(srcline)).toEqual(byName(plain));
    expect(srcline.tree.size).toBe(plain.tree.size);
    expect(srcline.tree.size).toBeGreaterThan(100);
  });

  it('-F +srcline with two events: the lines under the other event\'s frames are skipped with its sample, not warned of', () => {
    const bytes = text(join(FIXTURES, 'twoevents-srcline.perf.txt.gz'));
    expect(new TextDecoder().decode(bytes)).toMatch(/ task-clock: \n\t[^\n]*\n {2}\S+\.c:\d+\n/);
    for (const event of [0, 1]) {
      const profiles = importPerfAll(bytes, { event });
      expect(profiles[0].events).toEqual(['cpu-clock', 'task-clock']);
      expect(profiles[0].warnings, `event ${event}`).toBeUndefined();
    }
  });

  it('-F without the thread or time (comm,period,event; tid,period,event; period,event; comm,event; event): perf report\'s periods, or its sample counts', () => {
    const periods = readJson<Record<string, Oracle>>(join(FIXTURES, 'twoevents.perf.oracle.json'));
    const counts = readJson<Record<string, Oracle>>(join(FIXTURES, 'twoevents.perf.samples.oracle.json'));
    const threads = Object.keys(readJson<Record<string, Record<string, Oracle>>>(join(FIXTURES, 'twoevents.perf.threads.oracle.json'))['cpu-clock']);
    for (const fields of ['comm-period-event', 'tid-period-event', 'period-event', 'comm-event', 'event']) {
      const bytes = text(join(FIXTURES, `twoevents.${fields}.perf-F.txt.gz`));
      expect(detectFormat(bytes), fields).toBe('perf');
      for (const [event, name] of ['cpu-clock', 'task-clock'].entries()) {
        const profiles = importPerfAll(bytes, { event });
        const [p] = profiles;
        expect(p.events, fields).toEqual(['cpu-clock', 'task-clock']);
        expect(p.warnings, fields).toBeUndefined();
        // the period is no thread: one profile a thread where the tid is printed, else one in all
        expect(profiles.length, fields).toBe(fields.startsWith('tid') ? threads.length + 1 : 1);
        expect(p.unit.name, fields).toBe(fields.includes('period') ? 'nanoseconds' : 'samples');
        expectOracle(p, (fields.includes('period') ? periods : counts)[name]);
      }
    }
  });

  it('-F ...,ip without sym: each address a frame named as perf report names what it cannot resolve; summed by the symbol perf script gives that address, perf report\'s periods', () => {
    // the symbol of each address, from perf script's frame lines of the same recording
    const symbolOf = new Map<string, string>();
    const srcline = new TextDecoder().decode(text(join(FIXTURES, 'twoevents-srcline.perf.txt.gz')));
    for (const m of srcline.matchAll(/^\t *([0-9a-f]+) (\S+?)(?:\+0x[0-9a-f]+)? \(/gm)) {
      symbolOf.set(`0x${m[1].padStart(16, '0')}`, m[2] === '[unknown]' ? `0x${m[1].padStart(16, '0')}` : m[2]);
    }
    const periods = readJson<Record<string, Oracle>>(join(FIXTURES, 'twoevents.perf.oracle.json'));
    for (const [event, name] of ['cpu-clock', 'task-clock'].entries()) {
      const [p] = importPerfAll(text(join(FIXTURES, 'twoevents.ip.perf-F.txt.gz')), { event });
      assertSaneProfile(p);
      expect(p.warnings).toBeUndefined();
      expect(p.functions.self[0]).toBe(0); // no sample left at the root
      const self = new Map<string, number>();
      p.frames.forEach((f, i) => {
        const v = p.functions.self[i];
        if (v === 0) return;
        expect(f.name).toMatch(/^0x[0-9a-f]{16}$/);
        const symbol = symbolOf.get(f.name)!;
        self.set(symbol, (self.get(symbol) ?? 0) + v);
      });
      expect(Object.fromEntries(self)).toEqual(periods[name].self);
      expect(p.total).toBe(periods[name].total);
    }
  });

  it('--show-task-events --show-mmap-events: the PERF_RECORD_ lines are no samples and no event; the same tree as plain perf script', () => {
    const [plain] = importPerfAll(text(join(FIXTURES, 'tasks.perf.txt.gz')));
    const [sideBand] = importPerfAll(text(join(FIXTURES, 'tasks-sideband.perf.txt.gz')));
    expect(new TextDecoder().decode(text(join(FIXTURES, 'tasks-sideband.perf.txt.gz')))).toMatch(/PERF_RECORD_COMM: /);
    expect(sideBand.warnings).toBeUndefined();
    expect(sideBand.events).toEqual(plain.events);
    const byName = (p: Profile) => new Map(p.frames.map((f, i) => [`${f.name} ${f.file}`, [p.functions.self[i], p.functions.total[i]]]));
    expect(byName(sideBand)).toEqual(byName(plain));
    expect(sideBand.tree.size).toBe(plain.tree.size);
  });

  it('a thread named like a header\'s time (`x: 1.5:`): its samples are kept, no event is made of the real time', () => {
    for (const file of ['comms.perf.txt.gz', 'comms-notime.perf.txt.gz']) {
      const profiles = importPerfAll(text(join(FIXTURES, file)));
      expect(profiles[0].events, file).toEqual(['cpu-clock:ppp']);
      expect(profiles[0].warnings, file).toBeUndefined();
      expect(profiles.filter((p) => /\(x: 1\.5: \d+\)$/.test(p.name)).length, file).toBe(1);
    }
  });

  it('units: cpu-clock and task-clock in nanoseconds, other events count themselves', () => {
    const [faults] = importPerfAll(text(join(FIXTURES, 'faults.perf.txt.gz')));
    expect(faults.unit).toEqual({ name: 'page-faults', kind: 'count', seconds: 0 });
    const [events] = importPerfAll(text(join(FIXTURES, 'events.perf.txt.gz')), { event: 1 });
    expect(events.unit.name).toBe('nanoseconds');
  });

  it('an event that is not in the file is an error naming the ones that are', () => {
    expect(() => importPerfAll(text(join(FIXTURES, 'events.perf.txt.gz')), { event: 5 })).toThrow(/perf: there is no event 5; the file has cpu-clock, task-clock/);
  });

  it('unknown symbols are named by their address as perf report does, kernel frames keep [kernel.kallsyms]', () => {
    const [p] = importPerfAll(text(join(FIXTURES, 'stripped.perf.txt.gz')));
    const unknown = p.frames.filter((f) => /^0x[0-9a-f]{16}$/.test(f.name));
    expect(unknown.length).toBeGreaterThan(3);
    expect(unknown.some((f) => f.file.endsWith('work-stripped'))).toBe(true);
    expect(p.frames.some((f) => f.file === '[kernel.kallsyms]')).toBe(true);
  });
});

describe('perf script: speedscope\'s sample files (others/linux-perf)', () => {
  const dir = join(CORPUS, 'others/linux-perf');
  it.each(readdirSync(dir).sort())('%s opens by content, total = the sum of its sample weights', (file) => {
    const bytes = readBytes(join(dir, file));
    expect(detectFormat(bytes)).toBe('perf');
    const profiles = importProfiles(bytes, { name: file });
    for (const p of profiles) assertSaneProfile(p);
    // independent of the scanner: header lines end in `event:` (perhaps with a period before it)
    const headers = new TextDecoder().decode(bytes).split('\n').filter((l) => /^\S.*\d+\.\d+:.*:\s*$/.test(l.trimStart()) && !l.startsWith('#'));
    const periods = headers.map((l) => /:\s+(\d+)\s+\S+:\s*$/.exec(l)?.[1]);
    const expected = periods.every((x) => x !== undefined) ? periods.reduce((a, x) => a + Number(x), 0) : headers.length;
    expect(profiles[0].total).toBe(expected);
    expect(profiles[0].tree.total[0]).toBe(expected);
    const threadsTotal = profiles.slice(1).reduce((a, p) => a + p.total, 0);
    if (profiles.length > 1) expect(threadsTotal).toBe(expected);
  });

  it('forks and system-wide: one profile per thread besides all of them', () => {
    const profiles = importProfiles(readBytes(join(dir, 'system-wide.linux-perf.txt')));
    expect(profiles.length).toBeGreaterThan(2);
    expect(profiles[0].name).toContain('all threads');
    expect(profiles.some((p) => p.name.includes('swapper 0'))).toBe(true);
  });

  it('names perf left mangled are demangled: Rust v0 and C++', () => {
    const [rust] = importProfiles(readBytes(join(dir, 'rust-mangled.linux-perf.txt')));
    const names = new Set(rust.frames.map((f) => f.name));
    expect(names).toContain('std::rt::lang_start::<()>');
    expect([...names].filter((n) => n.startsWith('_R'))).toEqual([]);
    const [cxx] = importProfiles(readBytes(join(dir, 'simple.linux-perf.txt')));
    expect(cxx.frames.map((f) => f.name)).toEqual(expect.arrayContaining(['beta', 'delta', 'main']));
  });

  it('a file without periods weighs each sample 1', () => {
    const [p] = importProfiles(readBytes(join(dir, 'simple-with-pid.linux-perf.txt')));
    expect(p.unit.name).toBe('samples');
  });
});

describe('perf script: periods that do not fit the file are said (found by a hostile-file sweep)', () => {
  // the corpus recording, its total from perf report; header lines read here by a plain regex
  const file = join(CORPUS, 'perf/work.perf.txt');
  const text = new TextDecoder().decode(readBytes(file));
  const oracle = readJson<Oracle>(join(CORPUS, 'perf/work.perf.oracle.json'));
  const lines = text.split('\n');
  const headers = lines.flatMap((l, i) => (/^\S.*:\s+\d+ cpu-clock/.test(l) ? [i] : []));
  const periodOf = (l: string) => Number(/:\s+(\d+) cpu-clock/.exec(l)![1]);
  const read = (t: string) => importPerfAll(new TextEncoder().encode(t), { name: 'work.perf.txt' })[0];
  const withHeader = (i: number, edit: (l: string) => string) => lines.map((l, k) => (k === headers[i] ? edit(l) : l)).join('\n');

  it('a period past 2^53 - 1 counts 0, with a warning, not a total of 1e20 ns', () => {
    const p = read(withHeader(2, (l) => l.replace(/(:\s+)\d+( cpu-clock)/, '$199999999999999999999$2')));
    expect(p.total).toBe(oracle.total - periodOf(lines[headers[2]]));
    expect(p.warnings).toEqual([`1 samples with a period above 2^53 - 1, past what a number holds exactly: they count 0 (first at line ${headers[2] + 1})`]);
  });

  it('a first sample whose period is no number: every sample counts 1, and the others\' periods are said to be set aside', () => {
    const p = read(withHeader(0, (l) => l.replace(/(:\s+)(\d+)( cpu-clock)/, '$1-$2$3')));
    expect(p.total).toBe(headers.length);
    expect(p.unit.name).toBe('samples');
    expect(p.warnings).toEqual([`${headers.length - 1} samples with a period where the first sample has none: each counted as 1 sample, as the first (first at line ${headers[1] + 1})`]);
  });

  it('a later sample whose period is no number counts 0, and says so', () => {
    const p = read(withHeader(5, (l) => l.replace(/(:\s+)(\d+)( cpu-clock)/, '$1x$3')));
    expect(p.total).toBe(oracle.total - periodOf(lines[headers[5]]));
    expect(p.warnings).toEqual([`1 samples without a number for their period where the first sample has one: they count 0 (first at line ${headers[5] + 1})`]);
  });
});
