import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBytes } from './fetchBytes';

/** A response whose body comes in `pieces`, stating `length` (or none). */
function respond(pieces: number[][], length: number | null) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(Uint8Array.from(p));
      controller.close();
    },
  });
  const headers: Record<string, string> = length === null ? {} : { 'content-length': String(length) };
  vi.stubGlobal('fetch', async () => new Response(body, { status: 200, headers }));
}

async function download(): Promise<number[]> {
  const progress: number[] = [];
  const pieces = await fetchBytes('/p.prof', new AbortController().signal, (f) => progress.push(f));
  expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
  return pieces.flatMap((p) => [...p]);
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchBytes', () => {
  const pieces = [[1, 2, 3], [4], [5, 6]];

  it.each([
    ['the stated length', 6],
    ['no length', null],
    ['a length smaller than the body (a compressed transfer)', 4],
    ['a length bigger than the body', 9],
    ['a length too big to set aside', 2 ** 40],
  ])('gives back every byte, in order, with %s', async (_, length) => {
    vi.stubGlobal('location', { href: 'http://127.0.0.1/app/' });
    respond(pieces, length);
    expect(await download()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
