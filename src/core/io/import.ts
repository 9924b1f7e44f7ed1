import { ProfileFormatError } from '../errors';
import { FORMATS, formatById } from '../formats/registry';
import type { ImportOptions, Profile } from '../model';
import { detectFormat, SNIFF_BYTES } from './detect';
import { gunzip, isGzip } from './gzip';
import { isByteSource, readAll, type ByteSource } from './source';

/** gzip by its magic bytes, whatever the name says; a truncated or corrupt one is a ProfileFormatError('gzip') */
export function decompress(bytes: Uint8Array): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes) : bytes;
}

/**
 * Every profile in a file: one for most formats, one per profiled thread for Chrome traces.
 * The one entry point the worker and the CLI use; the format comes from the content (see
 * detectFormat), the importer from the registry.
 */
export function importProfiles(input: Uint8Array | ByteSource, options: ImportOptions = {}): Profile[] {
  if (isByteSource(input)) {
    // a plain file of a format that reads piece by piece (.prof) is not held whole
    const windowed = windowedFormat(input.read(0, Math.min(input.size, SNIFF_BYTES)));
    if (windowed?.importSource) return somethingLeft(windowed.importSource(input, options));
    input = readAll(input);
  }
  const bytes = decompress(input);
  if (isPerfData(bytes)) {
    throw new ProfileFormatError('perf.data', 'this is the binary file perf record writes, which only perf reads: run `perf script -i FILE > FILE.txt` and open that text', 'byte 0');
  }
  if (isOwnJson(bytes)) {
    throw new ProfileFormatError('profburst JSON', 'this is profburst\'s own JSON (`convert --to json`), a layout for scripts that profburst does not read back: open the file it was made from, or convert that one to speedscope or pprof', 'byte 0');
  }
  const id = detectFormat(bytes);
  const format = id === null ? undefined : formatById(id);
  if (format) return somethingLeft(format.importAll(bytes, options));
  throw new ProfileFormatError(
    'unknown format',
    bytes.length === 0
      ? 'the file is empty'
      : `this is not a profile profburst reads (${readableFormats()}, optionally gzipped)`,
    'byte 0',
  );
}

/**
 * Repairs that leave no cost in any of a file's profiles (every stray close event dropped, every
 * sample's values missing) make an error that lists them, not an empty profile: an empty chart
 * beside a warning reads as a program that did nothing (issue 18). One rule here for every
 * importer; a file with no cost and nothing repaired (a profile of an idle program) still opens.
 */
function somethingLeft(profiles: Profile[]): Profile[] {
  if (profiles.some((p) => p.total !== 0)) return profiles;
  const repaired = profiles.find((p) => p.warnings && p.warnings.length > 0);
  if (!repaired?.warnings) return profiles;
  // each warning ends "(first at WHERE)" (core/warnings.ts): the first one is where to look
  const where = /\(first at ([^)]*)\)/.exec(repaired.warnings[0])?.[1] ?? 'byte 0';
  throw new ProfileFormatError(repaired.format, `nothing is left after repairing the file: ${repaired.warnings.join('; ')}`, where);
}

/** Whether a file starting with `head` is read through a window of a ByteSource: a plain (not gzipped) .prof. */
export function scansThroughWindow(head: Uint8Array): boolean {
  return windowedFormat(head)?.importSource !== undefined;
}

export function importProfile(input: Uint8Array | ByteSource, options: ImportOptions = {}): Profile {
  return importProfiles(input, options)[0];
}

function windowedFormat(head: Uint8Array) {
  if (head.length <= 1 || isGzip(head)) return undefined;
  const id = detectFormat(head);
  return id === null ? undefined : formatById(id);
}

/** perf.data's magic, "PERFILE2" (perf record's own binary format; older perf wrote "PERFFILE") */
function isPerfData(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 8));
  return head === 'PERFILE2' || head === 'PERFFILE';
}

/** `{"profburst": 1, ...`, as core/export/json.ts writes it: any other JSON reader would name the wrong format. */
function isOwnJson(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 32));
  return /^\uFEFF?\s*\{\s*"profburst"\s*:\s*\d/.test(head);
}

function readableFormats(): string {
  const names = FORMATS.map((f) => f.displayName);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}
