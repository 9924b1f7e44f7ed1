import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ListWorker, type PickedFile } from './listClient';
import type { ListFile, ListRequest } from './listProtocol';

// The list client over a fake Worker (Node has none): picked files go out in slices, each with
// the mtime and size the File has, and what is asked after an add reaches the worker after all
// of that add's slices.

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly sent: ListRequest[] = [];

  constructor() {
    FakeWorker.all.push(this);
  }

  postMessage(message: ListRequest): void {
    this.sent.push(message);
  }

  terminate(): void {}
}

beforeEach(() => {
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ListWorker.add', () => {
  it('sends picked files in slices with their mtime and size, and a merge asked meanwhile after the last slice', async () => {
    const picked: PickedFile[] = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, file: new File([new Uint8Array(i % 7)], `r${i}.prof`, { lastModified: 1_700_000_000_000 + i }) }));
    const client = new ListWorker(() => {}, () => {});
    client.add(picked);
    void client.merge([1, 2]);
    const w = await vi.waitFor(() => FakeWorker.all[0] ?? Promise.reject(new Error('no worker yet')));
    await vi.waitFor(() => expect(w.sent.at(-1)?.type).toBe('merge'));

    const adds = w.sent.filter((m): m is Extract<ListRequest, { type: 'add' }> => m.type === 'add');
    expect(adds.length).toBeGreaterThan(1);
    expect(adds.every((m) => m.files.length <= 32)).toBe(true);
    expect(adds.map((m) => m.more)).toEqual([...adds.slice(1).map(() => true), false]);
    const sent: ListFile[] = adds.flatMap((m) => m.files);
    expect(sent.map((f) => f.id)).toEqual(picked.map((p) => p.id));
    expect(sent[10]).toEqual({ id: 11, name: 'r10.prof', mtime: 1_700_000_000_010, size: 3, blob: picked[10].file });
    expect(w.sent.filter((m) => m.type === 'merge')).toHaveLength(1);
  });

  it('sends files of a served folder as they are, and a removal after them', async () => {
    const client = new ListWorker(() => {}, () => {});
    const listed: ListFile[] = [{ id: 1, name: 'a.prof', mtime: 5, size: 10, url: '/profiles/dir/a.prof' }];
    client.add(listed);
    client.remove([1]);
    await vi.waitFor(() => expect(FakeWorker.all[0]?.sent).toHaveLength(2));
    expect(FakeWorker.all[0].sent).toEqual([{ type: 'add', files: listed, more: false }, { type: 'remove', ids: [1] }]);
  });
});
