import type { ListFile } from './listProtocol';

// The list worker's reads, kept ahead of its parse. A picked file's bytes come from the browser
// process, and each request waits a round trip there (~3 ms for a 15 KB file on a busy machine):
// one FileReaderSync read per file took 3.3 s of 1 000 such files. Small local files are
// therefore read several at once, as one Blob of them (one request, then split by size), and
// requests for the next files are in flight while the current one is parsed.

/** Local files read as one request: at most this many, and this many bytes (a bigger file alone). */
const GROUP_FILES = 32;
const GROUP_BYTES = 4 << 20;
/** How many files' reads are in flight ahead of the one taken. */
const AHEAD = 64;

export type ReadBlob = (blob: Blob) => Promise<ArrayBuffer>;

export class ReadAhead {
  private readonly files: ListFile[] = [];
  private readonly reads: (Promise<Uint8Array> | undefined)[] = [];
  private started = 0;
  private taken = 0;

  constructor(
    private readonly fetchUrl: (url: string) => Promise<Uint8Array>,
    private readonly readBlob: ReadBlob = (blob) => blob.arrayBuffer(),
  ) {}

  /** Files to read after those pushed before; their reads start now if few are in flight. */
  push(files: readonly ListFile[]): void {
    for (const f of files) this.files.push(f);
    this.fill();
  }

  /** Files pushed and not yet taken. */
  get waiting(): number {
    return this.files.length - this.taken;
  }

  /** The next file in the order pushed, and its bytes (a promise rejected with its read's error). */
  next(): { file: ListFile; bytes: Promise<Uint8Array> } {
    if (this.taken >= this.files.length) throw new Error('no file left to read');
    const k = this.taken++;
    const file = this.files[k], bytes = this.reads[k]!;
    // what is taken is the caller's: not kept here for the worker's lifetime
    this.files[k] = undefined as unknown as ListFile;
    this.reads[k] = undefined;
    this.fill();
    return { file, bytes };
  }

  private fill(): void {
    while (this.started < this.files.length && this.started - this.taken < AHEAD) {
      const from = this.started, to = groupEnd(this.files, from);
      this.request(this.files.slice(from, to)).forEach((p, i) => {
        p.catch(() => {}); // handled when its turn comes; not an unhandled rejection meanwhile
        this.reads[from + i] = p;
      });
      this.started = to;
    }
  }

  private request(group: ListFile[]): Promise<Uint8Array>[] {
    const first = group[0];
    if (!first.blob) return [this.fetchUrl(first.url ?? '')];
    const files = group.map((f) => f.blob!);
    if (files.length === 1) return [this.readOne(files[0])];
    const parts = this.readBlob(new Blob(files)).then((buffer) => split(buffer, group.map((f) => f.size)), () => null);
    // a group that fails (one file gone or changed) is read again file by file, so that only
    // that file's row carries the error
    return files.map((file, i) => parts.then((p) => p?.[i] ?? this.readOne(file)));
  }

  private async readOne(file: Blob): Promise<Uint8Array> {
    return new Uint8Array(await this.readBlob(file));
  }
}

/** The end of the request starting at `from`: a run of small local files, or one file or URL. */
function groupEnd(files: readonly ListFile[], from: number): number {
  let to = from, bytes = 0;
  while (to < files.length && to - from < GROUP_FILES) {
    const f = files[to];
    if (!f.blob || (to > from && bytes + f.size > GROUP_BYTES)) break;
    bytes += f.size;
    to++;
  }
  return Math.max(to, from + 1);
}

/**
 * Each file's bytes, as views of the group's buffer (a kept view keeps all of it: the worker
 * copies what it keeps); null if the sizes, the page's, do not add up to what was read.
 */
function split(buffer: ArrayBuffer, sizes: readonly number[]): Uint8Array[] | null {
  let total = 0;
  for (const size of sizes) total += size;
  if (total !== buffer.byteLength) return null;
  let at = 0;
  return sizes.map((size) => {
    const part = new Uint8Array(buffer, at, size);
    at += size;
    return part;
  });
}
