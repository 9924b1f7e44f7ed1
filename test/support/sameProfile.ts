import { expect } from 'vitest';
import { ProfileFormatError } from '../../src/core/errors';
import type { Profile } from '../../src/core/model';

/**
 * What one import gives, for comparing two ways of reading the same content (a fast path and a
 * general one, a window and whole bytes): the profile, or the words of its ProfileFormatError.
 * Any other error is a bug and is thrown.
 */
export function outcome(run: () => Profile, words: (e: ProfileFormatError) => string = (e) => e.message): Profile | string {
  try {
    return run();
  } catch (e) {
    if (e instanceof ProfileFormatError) return words(e);
    throw e;
  }
}

/** The same profile (frames, total, statistics, graph and tree), or the same error. */
export function expectSameOutcome(actual: Profile | string, expected: Profile | string, label?: string): void {
  if (typeof actual === 'string' || typeof expected === 'string') {
    expect(actual, label).toEqual(expected);
    return;
  }
  expect(actual.frames, label).toEqual(expected.frames);
  expect(actual.total, label).toBe(expected.total);
  expect(actual.functions, label).toEqual(expected.functions);
  expect(actual.graph, label).toEqual(expected.graph);
  expect(actual.tree, label).toEqual(expected.tree);
}
