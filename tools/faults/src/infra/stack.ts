import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../proxy';
import { PrivateNats } from './nats';
import { PrivatePostgres } from './postgres';
import { roster, serviceKeys, wiringEnv } from '../../../scripts/roster';
import { ManagedProcess, sleep } from './processes';

/** A process of the product by its name in tools/services.json. */
export type ServiceName = string;
export const SERVICES: ServiceName[] = roster().map((s) => s.name);
export const SCHEMAS: Record<ServiceName, string> = Object.fromEntries(
  roster().map((s) => [s.name, s.schema]),
);
/** Each calling service's own key (SERVICE_API_KEY), fresh for every run. */
const SERVICE_KEYS = serviceKeys('faults');

export const ADMIN_KEY = 'faults-admin-key';
export const CHANNEL_KEYS = {
  shopify: 'faults-shopify-key',
  amazon: 'faults-amazon-key',
  pos: 'faults-pos-key',
  bigcommerce: 'faults-bigcommerce-key',
} as const;
export const SHOPIFY_SECRET = 'faults-shopify-secret';
export const NATS_NAMESPACE = 'flt';
const API_KEYS = [
  `${ADMIN_KEY}=admin`,
  ...Object.entries(CHANNEL_KEYS).map(([ch, key]) => `${key}=channel:${ch}`),
].join(',');

export interface StackPorts {
  pg: number;
  pgProxy: number;
  nats: number;
  natsProxy: number;
  services: Record<ServiceName, number>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The preferred private ports (base + offset), or free ones when those are taken. */
export async function choosePorts(base: number): Promise<StackPorts> {
  const pick = async (p: number) => ((await portFree(p)) ? p : freePort());
  const services = {} as Record<ServiceName, number>;
  for (const [i, name] of SERVICES.entries()) services[name] = await pick(base + 10 + i);
  return {
    pg: await pick(base),
    pgProxy: await pick(base + 1),
    nats: await pick(base + 2),
    natsProxy: await pick(base + 3),
    services,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Everything the suite runs on, all private: a PostgreSQL cluster and a nats-server with their
 * own data directories under a temp folder, a fault proxy in front of each for the services,
 * and the five compiled processes. Only these PIDs are ever signalled.
 */
export class FaultStack {
  readonly root = mkdtempSync(join(tmpdir(), 'retail-faults-'));
  readonly pg: PrivatePostgres;
  readonly nats: PrivateNats;
  readonly pgProxy: FaultProxy;
  readonly natsProxy: FaultProxy;
  private readonly procs = new Map<ServiceName, ManagedProcess>();
  /** Services that exited on their own (crashed), restarted by the supervisor like a pod. */
  readonly crashes: Array<{
    service: ServiceName;
    at: number;
    code: number | null;
    signal: string | null;
    lastLog: string;
  }> = [];
  private supervising = false;
  /** When set before the services start: one log file per service (`<name>.log`), kept. */
  logDir?: string;
  onCrash?: (service: ServiceName, code: number | null, signal: string | null) => void;

  constructor(
    private readonly repoRoot: string,
    /** The compiled services: `<distDir>/apps/<svc>/src/main.js`. */
    private readonly distDir: string,
    readonly ports: StackPorts,
    private readonly extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ) {
    this.pg = new PrivatePostgres(this.root, ports.pg);
    this.nats = new PrivateNats(this.root, ports.nats);
    this.pgProxy = new FaultProxy('postgres', { host: '127.0.0.1', port: ports.pg });
    this.natsProxy = new FaultProxy('nats', { host: '127.0.0.1', port: ports.nats });
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.services[name]}`;
  }

  /** The harness's own connection: straight to PostgreSQL, not through the fault proxy. */
  get directDatabaseUrl(): string {
    return this.pg.url('faults');
  }

  async startInfra(): Promise<void> {
    await this.pg.init();
    await this.pg.start();
    await this.pg.createDatabase('faults');
    await this.nats.start();
    await this.pgProxy.listen(this.ports.pgProxy);
    await this.natsProxy.listen(this.ports.natsProxy);
  }

  async startServices(log: (m: string) => void): Promise<void> {
    for (const name of SERVICES) this.launch(name);
    const results = await Promise.all(SERVICES.map((n) => this.waitReady(n, 120_000)));
    const failed = SERVICES.filter((_, i) => !results[i]);
    if (failed.length) {
      for (const n of failed) log(`${n} not ready; last output:\n${this.logs(n).slice(-1500)}`);
      throw new Error(`services not ready: ${failed.join(', ')}`);
    }
  }

  pid(name: ServiceName): number | undefined {
    return this.procs.get(name)?.pid;
  }

  logs(name: ServiceName): string {
    return this.procs.get(name)?.logs() ?? '';
  }

  async kill(name: ServiceName): Promise<void> {
    await this.procs.get(name)?.kill();
  }

  pause(name: ServiceName): boolean {
    return this.procs.get(name)?.signal('SIGSTOP') ?? false;
  }

  resume(name: ServiceName): boolean {
    return this.procs.get(name)?.signal('SIGCONT') ?? false;
  }

  /** Starts a killed service again (same port, schema, namespace) and waits for readiness. */
  async restart(name: ServiceName, timeoutMs = 90_000): Promise<boolean> {
    await this.procs.get(name)?.stop(10_000);
    this.launch(name);
    return this.waitReady(name, timeoutMs);
  }

  async ready(name: ServiceName): Promise<boolean> {
    const res = await fetch(`${this.url(name)}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.status === 200;
  }

  /** Polls readiness; gives up at once when the process died and nobody will restart it. */
  async waitReady(name: ServiceName, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const running = this.procs.get(name)?.running;
      if (!running && !this.supervising) return false;
      if (running && (await this.ready(name).catch(() => false))) return true;
      await sleep(300);
    }
    return false;
  }

  async stop(keepData: boolean): Promise<void> {
    this.supervise(false);
    await Promise.all([...this.procs.values()].map((p) => p.stop(15_000)));
    await Promise.all([...this.procs.values()].map((p) => p.closeLog()));
    await this.pgProxy.close().catch(() => undefined);
    await this.natsProxy.close().catch(() => undefined);
    this.nats.resume();
    this.pg.resume();
    await this.nats.stop().catch(() => undefined);
    await this.pg.stop().catch(() => undefined);
    if (!keepData) rmSync(this.root, { recursive: true, force: true });
  }

  private launch(name: ServiceName): void {
    const main = join(this.distDir, 'apps', name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} missing: run \`npm run build\` first`);
    const proc = new ManagedProcess(name, process.execPath, ['--enable-source-maps', main], {
      cwd: this.repoRoot,
      env: this.envFor(name),
    });
    if (this.logDir) {
      mkdirSync(this.logDir, { recursive: true });
      proc.logFile = join(this.logDir, `${name}.log`);
    }
    proc.onUnexpectedExit = ({ code, signal, logs }) => {
      this.crashes.push({
        service: name,
        at: Date.now(),
        code,
        signal,
        lastLog: logs.slice(-1200),
      });
      this.onCrash?.(name, code, signal);
      // Kubernetes would restart the pod (restartPolicy Always): so does the supervisor.
      if (this.supervising)
        setTimeout(() => this.procs.get(name) === proc && this.launch(name), 1000);
    };
    proc.start();
    this.procs.set(name, proc);
  }

  /** Restart crashed services automatically from now on (after the initial start-up). */
  supervise(on: boolean): void {
    this.supervising = on;
  }

  private envFor(name: ServiceName): NodeJS.ProcessEnv {
    const sim = this.url('backoffice-simulator');
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
      DATABASE_URL: this.pg.url('faults', this.ports.pgProxy),
      NATS_URL: `nats://127.0.0.1:${this.ports.natsProxy}`,
      NATS_NAMESPACE,
      DB_SCHEMA: SCHEMAS[name],
      PORT: String(this.ports.services[name]),
      HOST: '127.0.0.1',
      ERP_BASE_URL: sim,
      WMS_BASE_URL: sim,
      PAYMENTS_BASE_URL: sim,
      TAX_BASE_URL: sim,
      ...wiringEnv(name, {
        urlOf: (n) => this.url(n),
        apiKeys: API_KEYS,
        keys: SERVICE_KEYS,
      }),
      SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
      // The bad-input phase sends hundreds of wrong keys from 127.0.0.1, the address the services
      // call each other from: it checks each is a 401, so the per-address failed-auth throttle
      // (covered by http-rules.int-spec) must not turn them, and the services' calls, into 429s.
      AUTH_FAILURES_PER_MINUTE: '100000000',
      ...COMPRESSED_TIME,
      ...(this.extraEnv[name] ?? {}),
    };
  }
}

/**
 * Time compression: back-offs, breaker resets and timeouts scaled down so that an outage of
 * minutes plays out in seconds with the same sequence of states (open, half-open, drain).
 */
const COMPRESSED_TIME: Record<string, string> = {
  ERP_BREAKER_RESET_MS: '1000',
  ERP_MAX_BACKOFF_MS: '2000',
  ERP_TIMEOUT_MS: '4000',
  SERVICE_CALL_TIMEOUT_MS: '4000',
  ERP_POST_INTERVAL_MS: '5000',
  ERP_SIM_MAX_CONCURRENCY: '5',
};
