import { ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import {
  deleteNamespaceStreams,
  dropSchema,
  testDatabaseUrl,
  testNatsUrl,
  uniqueNamespace,
  uniqueSchema,
} from '@retail/platform-testing';
// The roster and the port allocator are repository files shared with the plain-Node
// launchers, not an Nx project.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort } from '../../../tools/scripts/ports';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { roster, serviceKeys, wiringEnv } from '../../../tools/scripts/roster';

/** A process of the product by its name in tools/services.json. */
export type ServiceName = string;
/** Every process of the roster, as `npm start` runs them (compiled, one process each). */
export const SERVICE_NAMES: ServiceName[] = roster().map((s) => s.name);

export const ADMIN_KEY = 'e2e-admin-key';
export const API_KEYS =
  `${ADMIN_KEY}=admin,shopify-key=channel:shopify,amazon-key=channel:amazon,pos-key=channel:pos,` +
  `square-key=channel:square,wms-key=wms,rt-store-key=store:RT-STORE-1,other-store-key=store:OTHER-STORE`;
export const SHOPIFY_SECRET = 'e2e-shopify-secret';
export const SQUARE_KEY = 'e2e-square-key';

const ROOT = join(__dirname, '..', '..', '..');

/** A service's extra environment, or a function of the started stack (its ports and URLs). */
export type ServiceEnv = Record<string, string> | ((stack: Stack) => Record<string, string>);

export interface StackOptions {
  /** Extra environment per service (e.g. ERP_MAX_CONCURRENCY for order-ingestion). */
  env?: Partial<Record<ServiceName, ServiceEnv>>;
  /** Only these services (default: all five). */
  only?: ServiceName[];
  /** How long each process may take to answer /health/ready (default 60 s). */
  readyTimeoutMs?: number;
}

interface Running {
  name: ServiceName;
  port: number;
  schema: string;
  child: ChildProcess;
  output: string[];
}

/** A child killed by a signal has a null exitCode but a signalCode. */
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitReady(svc: Running, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(svc.child)) break;
    try {
      const res = await fetch(`http://127.0.0.1:${svc.port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `${svc.name} not ready (exit ${svc.child.exitCode}):\n${svc.output.slice(-30).join('')}`,
  );
}

/**
 * Black-box stack for cross-service tests: every service runs as its own compiled process
 * (dist/, built by the integration globalSetup) on a free port, against the run's test
 * database (one schema each) and one NATS namespace shared by the stack. Crashes are real:
 * `kill(name)` sends SIGKILL, `restart(name)` brings the process back on the same schema.
 */
export class Stack {
  readonly namespace = uniqueNamespace();
  private readonly running = new Map<ServiceName, Running>();
  private readonly ports = new Map<ServiceName, number>();
  private readonly schemas = new Map<ServiceName, string>();
  /** Each calling service's own key (SERVICE_API_KEY), fresh for every stack. */
  readonly serviceKeys = serviceKeys('e2e');

  constructor(private readonly options: StackOptions = {}) {}

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(name)}`;
  }

  schema(name: ServiceName): string {
    return this.schemas.get(name)!;
  }

  get databaseUrl(): string {
    return testDatabaseUrl();
  }

  async start(): Promise<this> {
    const names = this.options.only ?? SERVICE_NAMES;
    for (const name of names) {
      this.ports.set(name, await freePort());
      this.schemas.set(name, uniqueSchema(name));
    }
    try {
      for (const name of names) await this.launch(name);
      await Promise.all(
        names.map((n) => waitReady(this.running.get(n)!, this.options.readyTimeoutMs)),
      );
    } catch (err) {
      // The caller never gets the stack to stop: no process of a failed start outlives it.
      await this.stop().catch(() => undefined);
      throw err;
    }
    return this;
  }

  private envFor(name: ServiceName, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const at = (n: ServiceName, dflt: number) => `http://127.0.0.1:${this.ports.get(n) ?? dflt}`;
    const sim = at('backoffice-simulator', 3099);
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: this.namespace,
      DB_SCHEMA: this.schemas.get(name),
      PORT: String(this.ports.get(name)),
      HOST: '127.0.0.1',
      ERP_BASE_URL: sim,
      WMS_BASE_URL: sim,
      PAYMENTS_BASE_URL: sim,
      TAX_BASE_URL: sim,
      ...wiringEnv(name, { urlOf: at, apiKeys: API_KEYS, keys: this.serviceKeys }),
      SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
      SQUARE_WEBHOOK_SIGNATURE_KEY: SQUARE_KEY,
      ...this.extraEnv(name),
      ...extra,
    };
  }

  private extraEnv(name: ServiceName): Record<string, string> {
    const env = this.options.env?.[name];
    return typeof env === 'function' ? env(this) : (env ?? {});
  }

  private async launch(name: ServiceName, extra: Record<string, string> = {}): Promise<void> {
    this.running.set(name, this.spawnProcess(name, this.ports.get(name)!, extra));
  }

  private spawnProcess(name: ServiceName, port: number, extra: Record<string, string>): Running {
    const main = join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} missing: the integration globalSetup builds dist/`);
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: ROOT,
      env: { ...this.envFor(name, extra), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const svc: Running = { name, port, schema: this.schemas.get(name)!, child, output: [] };
    const keep = (chunk: Buffer) => {
      svc.output.push(chunk.toString());
      if (svc.output.length > 200) svc.output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return svc;
  }

  /**
   * A second replica of a started service: its own process and port, the same schema, streams
   * and configuration. Stop it before the stack (the stack does not know it).
   */
  async replica(
    name: ServiceName,
    extra: Record<string, string> = {},
  ): Promise<{ url: string; stop: () => Promise<void> }> {
    const svc = this.spawnProcess(name, await freePort(), extra);
    const stop = () =>
      exited(svc.child)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            svc.child.once('exit', () => resolve());
            svc.child.kill('SIGTERM');
          });
    try {
      await waitReady(svc, this.options.readyTimeoutMs);
    } catch (err) {
      await stop();
      throw err;
    }
    return { url: `http://127.0.0.1:${svc.port}`, stop };
  }

  /** Recent output of a service, for failure messages. */
  logs(name: ServiceName): string {
    return this.running.get(name)?.output.join('') ?? '';
  }

  /** A real crash: SIGKILL, no draining. */
  async kill(name: ServiceName): Promise<void> {
    const svc = this.running.get(name);
    if (!svc || exited(svc.child)) return;
    await new Promise<void>((resolve) => {
      svc.child.once('exit', () => resolve());
      svc.child.kill('SIGKILL');
    });
  }

  /** Graceful stop (SIGTERM: in-flight work drained). */
  async stopService(name: ServiceName): Promise<void> {
    const svc = this.running.get(name);
    if (!svc || exited(svc.child)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => svc.child.kill('SIGKILL'), 15_000);
      svc.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      svc.child.kill('SIGTERM');
    });
  }

  /** Starts a stopped or killed service again on the same port, schema and namespace. */
  async restart(name: ServiceName, extra: Record<string, string> = {}): Promise<void> {
    await this.stopService(name);
    await this.launch(name, extra);
    await waitReady(this.running.get(name)!);
  }

  /** JSON over HTTP with the admin key (or another), returning status, body and headers. */
  async call(
    name: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.url(name)}${path}`, {
      method,
      headers: {
        'x-api-key': ADMIN_KEY,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stopService(n)));
    for (const schema of this.schemas.values()) await dropSchema(testDatabaseUrl(), schema);
    await deleteNamespaceStreams(testNatsUrl(), this.namespace);
  }
}

/** Starts a stack; call `stop()` in afterAll. */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  return new Stack(options).start();
}

/** Polls `probe` until it returns a truthy value or the timeout passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/**
 * One line with the channel simulator's limiter figures per channel (peaks, refusals, early
 * retries), printed by the channel e2e specs at teardown; empty figures when it cannot answer.
 */
export async function simulatorLimitsLine(stack: Stack, label: string): Promise<string> {
  const stats = await stack
    .call('channel-simulator', 'GET', '/admin/stats')
    .then((r) => r.body as Record<string, { limits?: unknown }>)
    .catch(() => undefined);
  const limits = Object.fromEntries(
    Object.entries(stats ?? {}).map(([channel, v]) => [channel, v?.limits]),
  );
  return `[${label}] simulator limits: ${JSON.stringify(limits)}\n`;
}
