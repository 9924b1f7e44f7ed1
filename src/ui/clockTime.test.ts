import { describe, expect, it } from 'vitest';
import { clockTime } from './clockTime';

describe('clockTime', () => {
  it('is the local clock, 24-hour, two digits each', () => {
    // built from local fields, so the test holds in any time zone
    expect(clockTime(new Date(2026, 11, 5, 7, 3, 9).getTime())).toBe('07:03:09');
    expect(clockTime(new Date(2026, 11, 5, 23, 59, 58, 999).getTime())).toBe('23:59:58');
  });

  it('says nothing for a time that is not one', () => {
    expect(clockTime(Number.NaN)).toBe('–');
    expect(clockTime(1e20)).toBe('–');
  });
});
