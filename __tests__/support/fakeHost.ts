import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  delayMs?: number;
}

/** How the host answers a request; 'hang' keeps the socket open until the client gives up. */
export type Script = (path: string, headers: IncomingHttpHeaders) => Reply | 'hang';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** The git hosts whose API a token check calls (the manifest's egress allow-list). */
export const CHECKED_ORIGINS = ['https://api.github.com', 'https://gitlab.com', 'https://dev.azure.com', 'https://codeberg.org'];

/** A git host on 127.0.0.1 that answers as scripted and records what it was asked. */
export class FakeHost {
  readonly seen: Seen[] = [];
  origin = '';
  private script: Script = () => ({ status: 500 });
  private readonly server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    this.seen.push({ method: req.method ?? '', path, headers: req.headers });
    const reply = this.script(path, req.headers);
    if (reply === 'hang') return;
    const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    setTimeout(() => {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    }, reply.delayMs ?? 0);
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(script: Script): void {
    this.seen.length = 0;
    this.script = script;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
