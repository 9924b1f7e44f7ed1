import { describe, expect, it } from 'vitest';
import { breakable } from './FunctionCell';

describe('breakable', () => {
  it('lets a name wrap only after the joints of an identifier', () => {
    const parts = (name: string) => breakable(name).filter((n): n is string => typeof n === 'string');
    expect(parts('__memcpy_avx_unaligned_erms')).toEqual(['__memcpy_', 'avx_', 'unaligned_', 'erms']);
    expect(parts("msort_with_tmp.part.0'2")).toEqual(['msort_', 'with_', 'tmp.', 'part.', "0'", '2']);
    expect(parts('encode')).toEqual(['encode']);
    expect(parts("<method 'findall' of 're.Pattern' objects>")).toEqual(["<method 'findall' of 're.", "Pattern' objects>"]);
  });
});
