import type { ImportOptions } from '../model';

/**
 * Per-line costs are kept for files up to this size unless ImportOptions.lines says otherwise:
 * summing them per (function, file, line) doubled the import of the 115 MB callgrind bench file
 * (1.2 M distinct lines; 1.0 -> 2.2 s, +140 MB), and costs a few ms on files of a few MB.
 */
export const LINES_BY_DEFAULT = 32 << 20;

/** Whether an importer of `size` (decompressed) bytes fills Profile.lines: the caller's choice, else by size. */
export function wantLines(options: ImportOptions, size: number): boolean {
  return options.lines ?? size <= LINES_BY_DEFAULT;
}
