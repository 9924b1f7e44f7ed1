import type { FormatId } from '../model';
import { looksLikePprof } from './pprof/detect';
import { looksLikeCollapsed } from './collapsed/detect';
import { looksLikePerfScript } from './perf/detect';
import { looksLikePstats } from './pstats';
import { looksLikeGecko } from './gecko/gecko';
import { looksLikeSpeedscope } from './speedscope/speedscope';

/**
 * Which format a file is, from its content alone (file names lie: `handler.prof` may be anything).
 * Returns null when nothing fits. Bytes must already be decompressed.
 */
export function detectFormat(bytes: Uint8Array): FormatId | null {
  if (bytes.length === 0) return null;
  // a marshalled dict with a tuple key: '{(' is never JSON
  if (looksLikePstats(bytes)) return 'pstats';
  // protobuf has no magic number: the start must read as profile.proto's fields (see looksLikePprof)
  if (looksLikePprof(bytes.subarray(0, 4096))) return 'pprof';
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (start.startsWith('[')) return 'chrome-trace';
  if (start.startsWith('{')) {
    // before the .cpuprofile test: a sampled speedscope profile has "samples" too
    if (looksLikeSpeedscope(start)) return 'speedscope';
    if (!head.includes('"traceEvents"') && looksLikeGecko(head)) return 'gecko';
    if (head.includes('"traceEvents"')) return 'chrome-trace';
    if (/"(nodes|samples|timeDeltas|startTime)"\s*:/.test(head)) return 'cpuprofile';
    if (/"(ph|pid|tid|ts)"\s*:/.test(head)) return 'chrome-trace';
    return 'cpuprofile';
  }
  if (/^(# callgrind format|version:|creator:|events:|cmd:|pid:|positions:|fl=|fn=|ob=)/m.test(head)) return 'callgrind';
  if (looksLikePerfScript(bytes)) return 'perf';
  // the broadest text format last: any file of `frames COUNT` lines
  if (looksLikeCollapsed(bytes)) return 'collapsed';
  return null;
}

export const FORMAT_NAMES: ReadonlyMap<FormatId, string> = new Map<FormatId, string>([
  ['cpuprofile', 'V8 .cpuprofile'],
  ['chrome-trace', 'Chrome trace'],
  ['callgrind', 'callgrind'],
  ['pstats', 'cProfile .prof'],
  ['pprof', 'pprof'],
  ['perf', 'perf script'],
  ['collapsed', 'collapsed stacks'],
  ['speedscope', 'speedscope JSON'],
  ['gecko', 'Firefox Profiler'],
]);
