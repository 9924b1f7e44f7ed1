import { ProfileFormatError } from '../errors';

/**
 * The last line of defence of every importer: whatever it throws besides ProfileFormatError
 * (running out of memory on a huge file, or a bug a hostile file found) still reaches the page as
 * a ProfileFormatError that names the format, never as a bare TypeError or RangeError. The
 * fuzz tests treat these wrapped errors as failures: a file must get a real message.
 */
export function guarded<T>(format: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ProfileFormatError) throw e;
    throw unforeseen(format, e);
  }
}

export function unforeseen(format: string, e: unknown): ProfileFormatError {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError) return new ProfileFormatError(format, `the file is too big or too deep to read (${message})`);
  return new ProfileFormatError(format, `cannot read the file: ${message}`);
}
