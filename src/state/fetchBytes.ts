/**
 * Downloads a profile with progress. Only http(s) (and same-origin relative) URLs are fetched;
 * failures are turned into sentences that say what happened to which URL. The body comes back
 * in pieces: joining 200 MB into one buffer at the end is a long task on the page, so the
 * import worker joins them, when there is more than one.
 */
export async function fetchBytes(url: string, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<Uint8Array[]> {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    throw new Error(`"${url}" is not a valid URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`only http and https URLs are opened, not ${target.protocol}`);
  }
  let response: Response;
  try {
    response = await fetch(target, { signal, credentials: 'same-origin' });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`could not download ${target.href}: the network failed or the server refused a cross-origin (CORS) request`, { cause: e });
  }
  if (!response.ok) {
    throw new Error(`could not download ${target.href}: the server answered ${response.status} ${response.statusText}`.trim());
  }
  const length = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return [new Uint8Array(await response.arrayBuffer())];
  const reader = response.body.getReader();
  // With a length, each piece is copied into one buffer as it comes (a few KB per task, and no
  // second copy of the file); the pieces are kept as they are when the length is missing or
  // wrong (a compressed transfer gives more bytes than it says).
  let whole = length > 0 && length <= MAX_BUFFER ? tryBuffer(length) : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (whole && received + value.length <= whole.length) {
      whole.set(value, received);
    } else {
      if (whole) chunks.push(whole.subarray(0, received));
      whole = null;
      chunks.push(value);
    }
    received += value.length;
    if (length > 0) onProgress(Math.min(1, received / length));
  }
  if (whole) return [received === whole.length ? whole : whole.slice(0, received)];
  return chunks;
}

/** The most a server's stated length makes us set aside before the bytes come (a tab reads at most 2 GiB). */
const MAX_BUFFER = 2 ** 31 - 1;

function tryBuffer(length: number): Uint8Array | null {
  try {
    return new Uint8Array(length);
  } catch {
    return null; // out of memory for it now: keep the pieces instead
  }
}
