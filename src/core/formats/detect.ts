import type { FormatId } from '../model';

/**
 * Which format a file is, from its content alone (file names lie: `handler.prof` may be anything).
 * Returns null when nothing fits. Bytes must already be decompressed.
 */
export function detectFormat(bytes: Uint8Array): FormatId | null {
  if (bytes.length === 0) return null;
  // marshal dict ('{' or '{' | FLAG_REF) followed by a tuple key or the end marker; '{(' is never JSON
  const b0 = bytes[0], b1 = bytes[1];
  if ((b0 === 0x7b || b0 === 0xfb) && (b1 === 0x28 || b1 === 0x29 || b1 === 0xa8 || b1 === 0xa9 || b1 === 0x30)) {
    return 'pstats';
  }
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (start.startsWith('[')) return 'chrome-trace';
  if (start.startsWith('{')) {
    if (head.includes('"traceEvents"')) return 'chrome-trace';
    if (/"(nodes|samples|timeDeltas|startTime)"\s*:/.test(head)) return 'cpuprofile';
    if (/"(ph|pid|tid|ts)"\s*:/.test(head)) return 'chrome-trace';
    return 'cpuprofile';
  }
  if (/^(# callgrind format|version:|creator:|events:|cmd:|pid:|positions:|fl=|fn=|ob=)/m.test(head)) return 'callgrind';
  return null;
}

export const FORMAT_NAMES: ReadonlyMap<FormatId, string> = new Map<FormatId, string>([
  ['cpuprofile', 'V8 .cpuprofile'],
  ['chrome-trace', 'Chrome trace'],
  ['callgrind', 'callgrind'],
  ['pstats', 'cProfile .prof'],
]);
