import type { FormatId } from '../model';
import { callgrind } from './callgrind';
import { chromeTrace } from './chromeTrace';
import { collapsed } from './collapsed';
import { cpuprofile } from './cpuprofile';
import type { ProfileFormat } from './format';
import { gecko } from './gecko';
import { perf } from './perf';
import { pprof } from './pprof';
import { pstats } from './pstats';
import { speedscope } from './speedscope';

/**
 * Every format profburst reads. A new format is a folder beside these (its importer, detection
 * and tests, an index.ts exporting its ProfileFormat) and one line here. Detection asks each in
 * this order (see Certainty): binary formats first (a .prof by its magic bytes, pprof by reading
 * its start as protobuf), then JSON, then text, the broadest (collapsed stacks) last.
 */
export const FORMATS: readonly ProfileFormat[] = [
  pstats,
  pprof,
  speedscope,
  gecko,
  chromeTrace,
  cpuprofile,
  callgrind,
  perf,
  collapsed,
];

const BY_ID = new Map<FormatId, ProfileFormat>(FORMATS.map((f) => [f.id, f]));

export function formatById(id: FormatId): ProfileFormat | undefined {
  return BY_ID.get(id);
}

/** The name the page and the CLI show for a format; the id itself for one not registered. */
export function formatName(id: FormatId): string {
  return BY_ID.get(id)?.displayName ?? id;
}
