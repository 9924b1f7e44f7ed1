import { describe, expect, it } from 'vitest';
import { importProfiles } from './io/import';
import { formatWeight } from './units';
import { CORPUS, readBytes } from '../../test/support/corpus';
import { join } from 'node:path';

describe('formatWeight', () => {
  it('writes a count in speedscope\'s unit "none" as the number alone, and other counts with their unit', () => {
    // speedscope's own sample file of unit "none": 14 samples in all
    const [p] = importProfiles(readBytes(join(CORPUS, 'others/speedscope/0.0.1-simple.speedscope.json')));
    expect(p.unit.name).toBe('none');
    expect(formatWeight(p.total, p.unit)).toBe('14');
    expect(formatWeight(1234, { name: 'Ir', kind: 'count', seconds: 0 })).toBe('1,234 Ir');
    expect(formatWeight(1, { name: 'samples', kind: 'count', seconds: 0 })).toBe('1 sample');
    expect(formatWeight(2, { name: 'samples', kind: 'count', seconds: 0 })).toBe('2 samples');
  });
});
