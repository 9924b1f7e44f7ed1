import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Server-Sent Events for `/__profburst/events`: the page's EventSource gets `change` and `list`
 * events. Plain text over a kept-open response, so no WebSocket library; a comment line every
 * 20 s keeps proxies and idle timeouts from closing the stream.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), 20_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n'); // reconnect after a second if the stream drops
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  /** data is JSON on one line; JSON.stringify never emits a raw line break */
  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
