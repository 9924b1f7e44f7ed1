import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes, readJson } from '../../test/support/corpus';
import type { PstatsOracle } from '../../test/support/pstatsOracle';
import { importProfile } from '../core/formats';
import { functionLabel } from '../core/stats/table';
import { failedRow, summarize } from './listSummary';

describe('a file\'s row in the profile list', () => {
  it.each(corpusFiles('seed', '.prof').map((f) => [basename(f), f]))('%s: total and hottest function as pstats reads them', (_n, file) => {
    const row = summarize({ id: 7, name: basename(file), mtime: 1, size: 2 }, importProfile(readBytes(file)));
    const oracle = readJson<PstatsOracle>(`${file}.pstats.json`);
    const hottest = [...oracle.functions].sort((a, b) => b.tottime - a.tottime)[0];
    expect(row.format).toBe('pstats');
    expect(Math.abs(row.total - oracle.total_tt)).toBeLessThan(1e-9);
    expect(row.seconds).toBe(row.total);
    expect(row.hottest).toBe(functionLabel({ name: hottest.name, file: hottest.file, line: hottest.line, column: 0 }));
    expect(Math.abs(row.hottestShare - hottest.tottime / oracle.total_tt)).toBeLessThan(1e-9);
  });

  it('counts: the total in the unit, no seconds', () => {
    const row = summarize({ id: 1, name: 'c', mtime: 0, size: 0 }, importProfile(readBytes(join(CORPUS, 'callgrind/default.callgrind'))));
    expect(row.unit).toBe('Ir');
    expect(Number.isNaN(row.seconds)).toBe(true);
    expect(failedRow({ id: 2, name: 'x', mtime: 0, size: 0 }, 'pstats: truncated').error).toBe('pstats: truncated');
  });
});
