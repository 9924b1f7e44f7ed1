import { request } from 'node:http';

export interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** a raw request: node:http sends the path as given (fetch would normalise `..` away) */
export function rawRequest(origin: string, path: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
