import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ListFile } from './listProtocol';
import { ReadAhead } from './readAhead';

// The list worker's reads: each file's own bytes, in the order pushed, whatever was read
// together; a group that fails is read again file by file so only the bad file fails.

let nextId = 1;
function local(bytes: ArrayLike<number>, name = `f${nextId}.prof`): ListFile {
  const data = new Uint8Array(bytes);
  const file = new File([data], name, { lastModified: 1000 });
  return { id: nextId++, name, mtime: file.lastModified, size: file.size, blob: file };
}
function served(url: string): ListFile {
  return { id: nextId++, name: url, mtime: 0, size: 0, url };
}
const filled = (n: number, byte: number) => new Uint8Array(n).fill(byte);

/** Each file's bytes as hex (its length and a hash of it for a big one), or its read's error. */
async function readAll(reads: ReadAhead): Promise<string[]> {
  const out: string[] = [];
  while (reads.waiting > 0) {
    const { bytes } = reads.next();
    out.push(await bytes.then(hex, (e: Error) => `error: ${e.message}`));
  }
  return out;
}
function hex(b: Uint8Array): string {
  return b.length > 64 ? `${b.length} bytes, ${createHash('sha1').update(b).digest('hex')}` : Buffer.from(b).toString('hex');
}

describe('ReadAhead', () => {
  it('gives each file its own bytes in order: small files read together, a big one and URLs alone', async () => {
    const blobReads: number[] = [];
    const fetched: string[] = [];
    const reads = new ReadAhead(
      (url) => { fetched.push(url); return Promise.resolve(new TextEncoder().encode(url)); },
      (blob) => { blobReads.push(blob.size); return blob.arrayBuffer(); },
    );
    const small = Array.from({ length: 40 }, (_, i) => local([i, i + 1, i + 2].slice(0, 1 + (i % 3))));
    const big = local(filled(5 << 20, 7));
    const files = [...small.slice(0, 20), served('/a.prof'), ...small.slice(20), big, local([])];
    reads.push(files);
    const got = await readAll(reads);
    const expected = await Promise.all(files.map(async (f) => hex(f.blob ? new Uint8Array(await f.blob.arrayBuffer()) : new TextEncoder().encode(f.url))));
    expect(got).toEqual(expected);
    expect(got[files.indexOf(big)]).toMatch(/^5242880 bytes/);
    expect(fetched).toEqual(['/a.prof']);
    // the 20 small files before the URL in one request, the 20 after it in another, the big file alone, the empty one after it alone
    expect(blobReads.length).toBeLessThanOrEqual(4);
    expect(blobReads).toContain(5 << 20);
  });

  it('a group that cannot be read is read file by file: only the unreadable file fails', async () => {
    const unreadable = (b: Uint8Array) => b.includes(0xff);
    const reads = new ReadAhead(
      () => Promise.reject(new Error('no URLs here')),
      async (blob) => {
        const buffer = await blob.arrayBuffer();
        if (unreadable(new Uint8Array(buffer))) throw new Error('the file changed on disk');
        return buffer;
      },
    );
    reads.push([local([1]), local([2, 0xff]), local([3]), served('/x')]);
    expect(await readAll(reads)).toEqual(['01', 'error: the file changed on disk', '03', 'error: no URLs here']);
  });

  it('sizes that do not add up to what was read: each file read alone', async () => {
    const a = local([1, 2]), b = local([3]);
    const reads = new ReadAhead(() => Promise.reject(new Error('none')));
    reads.push([{ ...a, size: 1 }, b]); // the page's size is stale
    expect(await readAll(reads)).toEqual(['0102', '03']);
  });

  it('keeps a bounded number of files in flight ahead of the one taken', () => {
    let requested = 0;
    const reads = new ReadAhead(() => new Promise(() => {}), (blob) => { requested += blob instanceof File ? 1 : 0; return new Promise(() => {}); });
    reads.push(Array.from({ length: 500 }, () => served('/u')));
    reads.push([local([1])]);
    expect(requested).toBe(0); // the one local file is far behind the URLs in flight
    let fetches = 0;
    const counting = new ReadAhead(() => { fetches++; return new Promise(() => {}); });
    counting.push(Array.from({ length: 500 }, () => served('/u')));
    const before = fetches;
    counting.next();
    expect(before).toBeLessThan(500);
    expect(fetches).toBe(before + 1);
  });
});
