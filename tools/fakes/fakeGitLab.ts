/**
 * A GitLab on 127.0.0.1 for tests and the local preview, answering the three calls the app makes
 * as GitLab's REST API documents them:
 *   GET  /api/v4/user                          https://docs.gitlab.com/api/users/#retrieve-the-current-user
 *   GET  /api/v4/personal_access_tokens/self   https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token
 *   POST /api/v4/personal_access_tokens/self/rotate
 *        https://docs.gitlab.com/api/personal_access_tokens/#rotate-a-personal-access-token
 *        `self` since GitLab 16.10 (older: 404); needs the `api` or `self_rotate` scope (else 403
 *        insufficient_scope); optional `expires_at` (YYYY-MM-DD, at most 365 days ahead, else 400),
 *        one week from today when absent; revokes the old token and answers 200 with the new token's
 *        record, `token` included. An expired or revoked token gets 401 on every call.
 * Control endpoints (not GitLab's): POST /__fake/tokens {token, username?, scopes?, expiresAt?} adds
 * a token; POST /__fake/revoke {token} revokes one, as a person would on GitLab's page.
 *
 * Run it alone for the preview: `npx tsx tools/fakes/fakeGitLab.ts 9102` (the port), then start the
 * preview with PREVIEW_EGRESS_MAP=https://gitlab.com=http://127.0.0.1:9102.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FakeToken {
  id: number;
  token: string;
  username: string;
  scopes: string[];
  /** YYYY-MM-DD: the token stops working when that day starts (UTC). */
  expiresAt: string;
  revoked: boolean;
  createdAt: string;
}

export interface FakeGitLabOptions {
  /** `[major, minor]`; below 16.10 the rotate endpoint does not know `self`. */
  version?: [number, number];
  /** Answer every request this way instead (a rate limit, an outage). */
  override?: () => { status: number; headers?: Record<string, string>; body?: unknown } | undefined;
}

const DAY_MS = 86_400_000;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class FakeGitLab {
  readonly tokens = new Map<string, FakeToken>();
  /** Every request as `METHOD path`, in order. */
  readonly seen: string[] = [];
  origin = '';
  private nextId = 1;
  private readonly server: Server;

  constructor(readonly options: FakeGitLabOptions = {}) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds an active token; `expiresInDays` from today (default 90). */
  add(token: string, fields: { username?: string; scopes?: string[]; expiresInDays?: number } = {}): FakeToken {
    const record: FakeToken = {
      id: this.nextId++,
      token,
      username: fields.username ?? 'demo-user',
      scopes: fields.scopes ?? ['api'],
      expiresAt: day(Date.now() + (fields.expiresInDays ?? 90) * DAY_MS),
      revoked: false,
      createdAt: new Date().toISOString(),
    };
    this.tokens.set(token, record);
    return record;
  }

  revoke(token: string): void {
    const record = this.tokens.get(token);
    if (record) record.revoked = true;
  }

  private active(token: string | undefined): FakeToken | undefined {
    const record = token ? this.tokens.get(token) : undefined;
    return record && !record.revoked && record.expiresAt > day(Date.now()) ? record : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    this.seen.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    let text = '';
    for await (const chunk of req) text += chunk;
    if (req.method === 'POST' && url.pathname === '/__fake/tokens') {
      const body = JSON.parse(text) as { token: string; username?: string; scopes?: string[]; expiresInDays?: number };
      send(201, { id: this.add(body.token, body).id });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/__fake/revoke') {
      this.revoke((JSON.parse(text) as { token: string }).token);
      send(204, {});
      return;
    }
    const override = this.options.override?.();
    if (override) {
      send(override.status, override.body ?? { message: `${override.status}` }, override.headers);
      return;
    }
    const header = req.headers['private-token'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const record = this.active(typeof header === 'string' ? header : bearer);
    const [major, minor] = this.options.version ?? [17, 9];
    if (
      req.method === 'POST' &&
      url.pathname === '/api/v4/personal_access_tokens/self/rotate' &&
      (major < 16 || (major === 16 && minor < 10))
    ) {
      // Before 16.10 the route takes a numeric id only: `self` is not found.
      send(404, { message: '404 Not Found' });
      return;
    }
    if (!record) {
      send(401, { message: '401 Unauthorized' });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v4/user') {
      send(200, { id: 42, username: record.username, name: record.username, avatar_url: null, state: 'active' });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v4/personal_access_tokens/self') {
      send(200, this.view(record));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v4/personal_access_tokens/self/rotate') {
      if (!record.scopes.includes('api') && !record.scopes.includes('self_rotate')) {
        send(403, {
          error: 'insufficient_scope',
          error_description: 'The request requires higher privileges than provided by the access token.',
          scope: 'api self_rotate',
        });
        return;
      }
      const wanted = url.searchParams.get('expires_at');
      const today = Date.parse(`${day(Date.now())}T00:00:00Z`);
      if (wanted !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(wanted) || Date.parse(`${wanted}T00:00:00Z`) > today + 365 * DAY_MS)) {
        send(400, { message: '400 Bad request - Expiration date must be before 365 days from today' });
        return;
      }
      record.revoked = true;
      const next = this.add(`glpat-${randomBytes(15).toString('base64url')}`, { username: record.username, scopes: record.scopes });
      next.expiresAt = wanted ?? day(today + 7 * DAY_MS);
      send(200, { ...this.view(next), token: next.token });
      return;
    }
    send(404, { message: '404 Not Found' });
  }

  private view(record: FakeToken) {
    return {
      id: record.id,
      name: 'jira',
      revoked: record.revoked,
      created_at: record.createdAt,
      scopes: record.scopes,
      user_id: 42,
      last_used_at: null,
      active: !record.revoked,
      expires_at: record.expiresAt,
    };
  }
}

if (require.main === module) {
  const gitlab = new FakeGitLab();
  void gitlab.start(Number(process.argv[2] ?? 9102)).then(() => {
    const demo = gitlab.add('glpat-previewDemoToken0123456789', { expiresInDays: 20 });
    console.log(`Fake GitLab: ${gitlab.origin}`);
    console.log(`  demo token (expires in 20 days, rotatable): ${demo.token}`);
    console.log(`  revoke it: curl -X POST ${gitlab.origin}/__fake/revoke -d '{"token":"${demo.token}"}'`);
  });
}
