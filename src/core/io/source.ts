/**
 * A file's bytes read piece by piece (in the worker, a File through FileReaderSync), so an importer
 * that scans front to back need not hold the whole file: a 25 MB .prof is scanned through a
 * window of 4 MB. Importers that need all of it read it whole (readAll).
 */
export interface ByteSource {
  readonly size: number;
  /** up to `length` bytes from `offset`: at least one unless `offset` is the end of the file */
  read(offset: number, length: number): Uint8Array;
}

export function isByteSource(input: Uint8Array | ByteSource): input is ByteSource {
  return !(input instanceof Uint8Array);
}

/** How many bytes the input holds, read whole or piece by piece. */
export function byteSize(input: Uint8Array | ByteSource): number {
  return isByteSource(input) ? input.size : input.length;
}

export function readAll(input: Uint8Array | ByteSource): Uint8Array {
  if (!isByteSource(input)) return input;
  const first = input.read(0, input.size);
  if (first.length >= input.size) return first;
  const out = new Uint8Array(input.size);
  out.set(first);
  for (let at = first.length; at < input.size; ) {
    const chunk = input.read(at, input.size - at);
    if (chunk.length === 0) return out.subarray(0, at); // the source ended before its size
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A source over bytes already in memory, read `chunk` bytes at a time (for tests and the CLI). */
export function bytesSource(bytes: Uint8Array, chunk = Infinity): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.slice(offset, Math.min(bytes.length, offset + Math.min(length, chunk))),
  };
}
