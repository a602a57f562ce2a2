import { DataSource } from 'typeorm';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  eventually as waitFor,
  startTestService,
  TEST_ADMIN_KEY,
  type TestService,
} from '@retail/platform-testing';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig, type ChannelSyncConfig } from '../../src/config/env';

export const channelSync = {
  name: 'channel-sync',
  schemaBase: 'channel_sync',
  loadConfig,
  module: (config: ChannelSyncConfig) => AppModule.register(config),
  appOptions: APP_OPTIONS,
};

export type ChannelSyncService = TestService<ChannelSyncConfig>;
export const admin = { 'x-api-key': TEST_ADMIN_KEY };

/** Channel sync with schedules off: tests trigger pulls themselves. */
export function startChannelSync(env: Record<string, string>): Promise<ChannelSyncService> {
  return startTestService(channelSync, {
    CHANNEL_SYNC_SCHEDULE_ENABLED: 'false',
    HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
}

/**
 * channel-sync with one account on a fake channel, order-ingestion faked by the same server
 * (quick outbound polls); `account(url)` names the account's variables.
 */
export async function startOnFake(
  http: FakeHttp,
  account: (url: string) => Record<string, string>,
): Promise<ChannelSyncService> {
  const url = await http.start();
  return startChannelSync({
    ORDERS_BASE_URL: url,
    CHANNEL_SYNC_OUTBOUND_POLL_MS: '200',
    ...account(url),
  });
}

/** `startOnFake` for a describe block: started before its tests, closed after; read `ctx.*`. */
export function channelSyncOnFake(
  http: FakeHttp,
  account: (url: string) => Record<string, string>,
): { svc: ChannelSyncService; db: DataSource } {
  const ctx = {} as { svc: ChannelSyncService; db: DataSource };
  beforeAll(async () => {
    ctx.svc = await startOnFake(http, account);
    ctx.db = ctx.svc.app.get(DataSource);
  }, 120_000);
  afterAll(async () => {
    await ctx.svc?.close();
    await http.stop();
  });
  return ctx;
}

/** Polls `probe` every 100 ms until it returns a truthy value (or `ms` pass: an error). */
export const eventually = <T>(probe: () => Promise<T | undefined | false>, ms = 30_000) =>
  waitFor(probe, ms, 100);

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type Route = (req: Recorded) => {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/** A small HTTP server answering JSON from a route function, recording every request. */
export class FakeHttp {
  readonly requests: Recorded[] = [];
  private server?: Server;

  constructor(private route: Route) {}

  use(route: Route): void {
    this.route = route;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: text && req.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
    };
    this.requests.push(recorded);
    const answer = this.route(recorded);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}
