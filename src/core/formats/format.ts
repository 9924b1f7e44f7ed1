import type { ByteSource } from '../io/source';
import type { FormatId, ImportOptions, Profile } from '../model';

/**
 * What one format tells the rest of profburst about itself. Each format folder exports one of
 * these from its index.ts, and formats/registry.ts lists them: that list is the only place the
 * worker, the CLI and the page learn which formats exist.
 */
export interface ProfileFormat {
  id: FormatId;
  /** what the page and the CLI call it */
  displayName: string;
  /** how sure the content is this format (see Sniff); the file name is never consulted */
  detect(sniff: Sniff): Certainty;
  /** every profile in the (decompressed) bytes: one, or one per thread for multi-thread formats */
  importAll(bytes: Uint8Array, options: ImportOptions): Profile[];
  /**
   * For formats that can read a plain (not gzipped) file piece by piece, so the worker need not
   * hold all of it. Others are handed the whole file.
   */
  importSource?(source: ByteSource, options: ImportOptions): Profile[];
  /** the views this format's profiles can fill */
  views: readonly ViewId[];
  /**
   * When the page must refuse files of this format below the limit every format shares
   * (io/tabLimit.ts): the largest decompressed size it opens, why, and how to make the file
   * smaller. Formats read with JSON.parse need the whole text as one string, which V8 caps.
   */
  tabLimit?: TabLimit;
}

export interface TabLimit {
  bytes: number;
  why: string;
  reduce: string;
}

/**
 * 'sure' wins over 'maybe'; among equals, the registry's order. 'maybe' is for a detector that
 * accepts a broad family as a fallback (any JSON object could be a .cpuprofile), so a newer,
 * more specific JSON format says 'sure' and wins whatever its place in the list.
 */
export type Certainty = 'no' | 'maybe' | 'sure';

/** The start of a file, decoded once for every detector. */
export interface Sniff {
  /** the first bytes (up to 4096), decompressed */
  bytes: Uint8Array;
  /** those bytes as UTF-8 text, without a BOM */
  head: string;
  /** head without leading white space */
  start: string;
}

/**
 * chart: sunburst and icicle; table: the function-stats table; callers: callers and callees of
 * the selected function; bottom-up: the inverted tree.
 */
export type ViewId = 'chart' | 'table' | 'callers' | 'bottom-up';

export const ALL_VIEWS: readonly ViewId[] = ['chart', 'table', 'callers', 'bottom-up'];

/**
 * For formats read with JSON.parse: V8's longest string is 2^29 - 24 UTF-16 units, and UTF-8 text
 * has at least as many bytes as units, so a file at most that long always fits.
 */
export const ONE_STRING: Omit<TabLimit, 'reduce'> = {
  bytes: 2 ** 29 - 24,
  why: 'this format is read as one piece of text, and a browser holds at most 512 MiB of text in one piece',
};
