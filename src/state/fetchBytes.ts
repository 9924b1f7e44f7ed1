/**
 * Downloads a profile with progress. Only http(s) (and same-origin relative) URLs are fetched;
 * failures are turned into sentences that say what happened to which URL.
 */
export async function fetchBytes(url: string, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<ArrayBuffer> {
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
    throw new Error(`could not download ${target.href}: the network failed or the server refused a cross-origin (CORS) request`);
  }
  if (!response.ok) {
    throw new Error(`could not download ${target.href}: the server answered ${response.status} ${response.statusText}`.trim());
  }
  const length = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (length > 0) onProgress(Math.min(1, received / length));
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes.buffer;
}
