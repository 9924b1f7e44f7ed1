import { ProfileFormatError } from '../errors';
import type { ImportOptions, Profile } from '../model';
import { importCallgrind } from './callgrind';
import { importChromeTraceAll } from './chromeTrace';
import { importCpuProfile } from './cpuprofile';
import { detectFormat } from './detect';
import { gunzip, isGzip } from './gzip';
import { importPstats } from './pstats';

export { detectFormat } from './detect';

export { isGzip } from './gzip';

/** gzip by its magic bytes, whatever the name says; a truncated or corrupt one is a ProfileFormatError('gzip') */
export function decompress(bytes: Uint8Array): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes) : bytes;
}

/**
 * Every profile in a file: one for most formats, one per profiled thread for Chrome traces.
 * The one entry point the worker and the CLI use; the format comes from the content.
 */
export function importProfiles(input: Uint8Array, options: ImportOptions = {}): Profile[] {
  const bytes = decompress(input);
  const format = detectFormat(bytes);
  switch (format) {
    case 'cpuprofile': return [importCpuProfile(bytes, options)];
    case 'chrome-trace': return importChromeTraceAll(bytes, options);
    case 'callgrind': return [importCallgrind(bytes, options)];
    case 'pstats': return [importPstats(bytes, options)];
    default:
      throw new ProfileFormatError(
        'unknown format',
        bytes.length === 0
          ? 'the file is empty'
          : 'this is not a profile profburst reads (cProfile .prof, callgrind, V8 .cpuprofile or Chrome trace JSON, optionally gzipped)',
        'byte 0',
      );
  }
}

export function importProfile(input: Uint8Array, options: ImportOptions = {}): Profile {
  return importProfiles(input, options)[0];
}
