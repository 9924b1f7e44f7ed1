import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { ANY_FORMAT, tooLargeForTab } from './tabLimit';

// Real files' first 64 KiB and last 8 bytes, judged at their real size and at sizes a tab cannot
// hold: the check must name the format it detected and refuse only what it must.
const ends = (bytes: Uint8Array) => [bytes.subarray(0, 1 << 16), bytes.subarray(Math.max(0, bytes.length - 8))] as const;
const GiB = 2 ** 30;

describe('tooLargeForTab', () => {
  const trace = readBytes(join(CORPUS, 'chrome/Chrome-116-Trace-20230603T221323.json'));
  const cpuprofile = readBytes(join(CORPUS, 'cpuprofile/medium.cpuprofile'));
  const gecko = readBytes(join(CORPUS, 'others/firefox/63-simple-firefox.json'));
  const speedscope = readBytes(join(CORPUS, 'others/speedscope/0.1.2-simple-sampled.speedscope.json'));

  it('lets real files through at their own size', () => {
    for (const bytes of [trace, cpuprofile, gecko, speedscope]) expect(tooLargeForTab(bytes.length, ...ends(bytes))).toBe(null);
  });

  it('refuses a JSON format read as one string past V8\'s longest string, naming the format and what to do', () => {
    const over = 2 ** 29; // 512 MiB: 24 bytes past the longest string
    const said = tooLargeForTab(over, ...ends(trace));
    expect(said).toMatch(/^the file is too large for a browser tab \(512 MiB, Chrome trace\): .*one piece of text.* Record a shorter trace/);
    expect(tooLargeForTab(over, ...ends(gecko))).toMatch(/Firefox Profiler/);
    expect(tooLargeForTab(over, ...ends(speedscope))).toMatch(/speedscope JSON/);
    expect(tooLargeForTab(2 ** 29 - 24, ...ends(trace))).toBe(null);
  });

  it('opens a gigabyte .cpuprofile (read as bytes, not a string) and refuses one past the tab\'s buffer', () => {
    expect(tooLargeForTab(GiB, ...ends(cpuprofile))).toBe(null);
    expect(tooLargeForTab(ANY_FORMAT.bytes, ...ends(cpuprofile))).toBe(null);
    const said = tooLargeForTab(ANY_FORMAT.bytes + 1, ...ends(cpuprofile));
    expect(said).toMatch(/\(2\.0 GiB, V8 \.cpuprofile\).*profburst convert FILE --to collapsed/);
  });

  it('judges a gzipped file by the length in its trailer and the format inside', () => {
    const gz = new Uint8Array(gzipSync(trace));
    expect(tooLargeForTab(gz.length, ...ends(gz))).toBe(null);
    // the same head with a trailer that says 600 MiB of data
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(4, 600 * 2 ** 20, true);
    expect(tooLargeForTab(gz.length, gz.subarray(0, 1 << 16), tail)).toMatch(/gzipped, 600 MiB of data, Chrome trace/);
    // a length below the compressed size has wrapped past 4 GiB
    new DataView(tail.buffer).setUint32(4, 1000, true);
    expect(tooLargeForTab(10 * 2 ** 20, gz.subarray(0, 1 << 16), tail)).toMatch(/over 4 GiB of data/);
  });

  it('opens a gzip file of several members, whose trailer names the last one only (found by a hostile-file sweep: a 2.7 kB file refused as "over 4 GiB")', () => {
    const member = new Uint8Array(gzipSync(readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile'))));
    // bgzip ends with an empty member; `cat a.gz a.gz` is two whole ones
    for (const last of [new Uint8Array(gzipSync(new Uint8Array(0))), member]) {
      const file = new Uint8Array(member.length + last.length);
      file.set(member);
      file.set(last, member.length);
      expect(tooLargeForTab(file.length, ...ends(file))).toBe(null);
    }
  });

  it('still judges the size of a file whose format it cannot tell', () => {
    const junk = new TextEncoder().encode('hello, not a profile');
    expect(tooLargeForTab(junk.length, junk, junk)).toBe(null); // the importer words that error
    expect(tooLargeForTab(3 * GiB, junk, junk)).toMatch(/^the file is too large for a browser tab \(3\.0 GiB\)/);
  });
});
