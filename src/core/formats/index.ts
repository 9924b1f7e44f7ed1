import { ProfileFormatError } from '../errors';
import type { ImportOptions, Profile } from '../model';
import { importCallgrind } from './callgrind';
import { importChromeTraceAll } from './chromeTrace';
import { importCollapsed } from './collapsed/collapsed';
import { importCpuProfile } from './cpuprofile';
import { detectFormat } from './detect';
import { gunzip, isGzip } from './gzip';
import { importPerfAll } from './perf/perf';
import { importPprof } from './pprof/pprof';
import { importPstats, looksLikePstats } from './pstats';
import { importGeckoAll } from './gecko/gecko';
import { importSpeedscopeAll } from './speedscope/speedscope';
import { isByteSource, readAll, type ByteSource } from './source';

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
export function importProfiles(input: Uint8Array | ByteSource, options: ImportOptions = {}): Profile[] {
  if (isByteSource(input)) {
    // a plain .prof is scanned through a window (importPstats); anything else is read whole
    if (scansThroughWindow(input.read(0, Math.min(input.size, 16)))) return [importPstats(input, options)];
    input = readAll(input);
  }
  const bytes = decompress(input);
  const format = detectFormat(bytes);
  switch (format) {
    case 'cpuprofile': return [importCpuProfile(bytes, options)];
    case 'chrome-trace': return importChromeTraceAll(bytes, options);
    case 'callgrind': return [importCallgrind(bytes, options)];
    case 'pstats': return [importPstats(bytes, options)];
    case 'pprof': return [importPprof(bytes, options)];
    case 'perf': return importPerfAll(bytes, options);
    case 'collapsed': return [importCollapsed(bytes, options)];
    case 'speedscope': return importSpeedscopeAll(bytes, options);
    case 'gecko': return importGeckoAll(bytes, options);
    default:
      throw new ProfileFormatError(
        'unknown format',
        bytes.length === 0
          ? 'the file is empty'
          : 'this is not a profile profburst reads (cProfile .prof, callgrind, V8 .cpuprofile, Chrome trace JSON, pprof, perf script, collapsed stacks, speedscope or Firefox Profiler JSON, optionally gzipped)',
        'byte 0',
      );
  }
}

/** Whether a file starting with `head` is read through a window of a ByteSource: a plain (not gzipped) .prof. */
export function scansThroughWindow(head: Uint8Array): boolean {
  return head.length > 1 && !isGzip(head) && looksLikePstats(head);
}

export function importProfile(input: Uint8Array | ByteSource, options: ImportOptions = {}): Profile {
  return importProfiles(input, options)[0];
}
