import { ProfileFormatError } from '../../src/core/errors';
import { importProfiles } from '../../src/core/io/import';

/** The error importProfiles gives for `bytes`; fails the test when it gives a profile or another error. */
export function refused(bytes: Uint8Array, name: string): ProfileFormatError {
  try {
    importProfiles(bytes, { name });
  } catch (e) {
    if (e instanceof ProfileFormatError) return e;
    throw e;
  }
  throw new Error(`${name}: expected an error, got a profile`);
}
