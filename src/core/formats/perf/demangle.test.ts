import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demangle } from './demangle';

const FIXTURES = new URL('../../../../test/fixtures/perf/', import.meta.url);

describe('demangle', () => {
  it('C++: as binutils c++filt -p (test/fixtures/perf/cxxfilt.tsv), without the parameter list, as perf prints names', () => {
    const rows = readFileSync(new URL('cxxfilt.tsv', FIXTURES), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    let same = 0;
    const wrong: string[] = [];
    for (const [mangled, filtered] of rows) {
      // c++filt -p keeps `()` and the method's qualifiers; perf shows neither
      let want = filtered.replace(/( const| volatile| &&| &)+$/, '');
      if (!want.endsWith('operator()')) want = want.replace(/\(\)$/, '');
      const got = demangle(mangled);
      if (got === want) same++;
      else if (got !== mangled && !mangled.startsWith('_ZZ')) wrong.push(`${mangled}: ${got} (c++filt: ${want})`);
    }
    // what we cannot read stays mangled (transaction clones, member-function-pointer conversions); nothing is wrong
    expect(wrong).toEqual([]);
    expect(same / rows.length).toBeGreaterThan(0.97);
  });

  it('C++: the names of the speedscope sample files and of our own recordings', () => {
    expect(demangle('_Z5gammav')).toBe('gamma');
    expect(demangle('_Z4betav')).toBe('beta');
    expect(demangle('_ZN2ns3BoxIlE5heavyEi')).toBe('ns::Box<long>::heavy');
    expect(demangle('_ZNK2ns3BoxIlE5heavyEi')).toBe('ns::Box<long>::heavy');
    expect(demangle('_Z5buildB5cxx11i')).toBe('build[abi:cxx11]');
    expect(demangle('_ZNSt6vectorIiSaIiEE9push_backERKi')).toBe('std::vector<int, std::allocator<int> >::push_back');
    expect(demangle('_Z3maxIiET_S0_S0_')).toBe('max<int>');
    // a clone is named as its function, as c++filt -p and perf report name it
    expect(demangle('_ZN3foo3barEv.cold')).toBe('foo::bar');
    expect(demangle('_ZN12_GLOBAL__N_14workEv')).toBe('(anonymous namespace)::work');
  });

  it('Rust legacy: the path without its hash, escapes decoded', () => {
    expect(demangle('_ZN3std2rt10lang_start17h1234567890abcdefE')).toBe('std::rt::lang_start');
    expect(demangle('_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h0123456789abcdefE'))
      .toBe('core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>');
    // ThinLTO's `.llvm.<number>` is dropped, as rustc-demangle and perf report drop it
    expect(demangle('_ZN5alloc7raw_vec19RawVec$LT$T$C$A$GT$7reserve17hfedcba9876543210E.llvm.42')).toBe('alloc::raw_vec::RawVec<T,A>::reserve');
    expect(demangle('_ZN3std2rt10lang_start17h1234567890abcdefE.cold')).toBe('std::rt::lang_start.cold');
  });

  it('Rust v0: as rustc-demangle\'s {:#} (speedscope\'s rust-mangled file)', () => {
    expect(demangle('_RINvNtCse0yjq9ZQveU_3std2rt10lang_startuECs8K9WJNlS7Dz_5trace')).toBe('std::rt::lang_start::<()>');
    expect(demangle('_RNvNvNtNtCsTACXlTRjQ_4core5slice3raw18from_raw_parts_mut18precondition_checkCs8K9WJNlS7Dz_5trace'))
      .toBe('core::slice::raw::from_raw_parts_mut::precondition_check');
    expect(demangle('_RNvXs1_NtCsTACXlTRjQ_4core7convertNtNtCslw2YnFSxGUT_10ppv_lite867generic13u32x4_genericINtB5_4IntoNtBy_14vec128_storageE4intoCs2zQ9tAH61OF_11rand_chacha'))
      .toBe('<ppv_lite86::generic::u32x4_generic as core::convert::Into<ppv_lite86::generic::vec128_storage>>::into');
    expect(demangle('_RNCNvCs1234_5hello4main0B3_')).toBe('hello::main::{closure#0}');
    expect(demangle('_RNCNvCs1234_5hello4main0B3_.llvm.10536156090745616646')).toBe('hello::main::{closure#0}');
    expect(demangle('_RINvCs1234_5hello3fooRShEB2_')).toBe('hello::foo::<&[u8]>');
  });

  it('anything else, or anything broken, is kept as it is', () => {
    for (const name of ['main', '_start', '_Z', '_ZN', '_R', '_RNv', '_ZN3fooE17h123', '_Z1fSt', '_ZZ', '_Z1fT_', `_Z${'P'.repeat(10_000)}v`, '_RB_', '__proto__']) {
      expect(typeof demangle(name)).toBe('string');
    }
    expect(demangle('fib')).toBe('fib');
    expect(demangle('_Z1fT_')).toBe('f'); // a template parameter outside a template: kept readable
  });
});
