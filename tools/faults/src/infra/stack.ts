import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../proxy';
import { PrivateNats } from './nats';
import { NatsCluster, NatsNodePorts } from './nats-cluster';
import { PrivatePostgres } from './postgres';
import { freePort, portFree } from '../../../scripts/ports';
import { roster, serviceKeys, wiringEnv } from '../../../scripts/roster';
import { ManagedProcess, sleep } from './processes';

/** A process of the product by its name in tools/services.json. */
export type ServiceName = string;
export const SERVICES: ServiceName[] = roster().map((s) => s.name);
/** The simulators stand for outside systems (one of each): their fault switches and counters
 * live in memory, so they are never replicated. */
const SIMULATORS = new Set(
  roster()
    .filter((s) => s.kind === 'simulator')
    .map((s) => s.name),
);
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
  /** The port callers use: the service itself, or its balancer when it runs several replicas. */
  services: Record<ServiceName, number>;
  /** Replicas beyond the first, when the topology asks for them: their own ports. */
  replicas?: Record<ServiceName, number[]>;
  /** The `cluster` topology: three NATS nodes and their proxies (nodes[0] uses `nats`). */
  natsCluster?: {
    nodes: NatsNodePorts[];
    clients: number[];
    routes: number[][];
    deadAdvertise: number;
  };
}

/** How the product is laid out: one process per service and one nats-server, or the cluster. */
export interface Topology {
  /** Processes per service (the simulators included), behind a round-robin balancer when > 1. */
  replicas: number;
  /** 1: one nats-server; 3: a JetStream cluster on loopback, streams at 3 replicas. */
  natsNodes: 1 | 3;
}

export const SINGLE: Topology = { replicas: 1, natsNodes: 1 };

/** The preferred private ports (base + offset), or free ones when those are taken. */
export async function choosePorts(base: number, topology = SINGLE): Promise<StackPorts> {
  const pick = async (p: number) => ((await portFree(p)) ? p : freePort());
  const services = {} as Record<ServiceName, number>;
  for (const [i, name] of SERVICES.entries()) services[name] = await pick(base + 10 + i);
  const ports: StackPorts = {
    pg: await pick(base),
    pgProxy: await pick(base + 1),
    nats: await pick(base + 2),
    natsProxy: await pick(base + 3),
    services,
  };
  // The cluster's extra ports: base+30.. (replicas), base+50.. (NATS nodes and their proxies).
  let next = base + 30;
  const more = async () => pick(next++);
  if (topology.replicas > 1) {
    ports.replicas = {};
    for (const name of SERVICES.filter((n) => !SIMULATORS.has(n))) {
      ports.replicas[name] = [];
      for (let r = 0; r < topology.replicas; r++) ports.replicas[name].push(await more());
    }
  }
  if (topology.natsNodes === 3) {
    next = Math.max(next, base + 50);
    const nodes: NatsNodePorts[] = [];
    for (let i = 0; i < 3; i++)
      nodes.push({
        client: i === 0 ? ports.nats : await more(),
        route: await more(),
        monitor: await more(),
      });
    const clients = [ports.natsProxy, await more(), await more()];
    const routes: number[][] = [];
    for (let i = 0; i < 3; i++) {
      routes.push([]);
      for (let j = 0; j < 3; j++) routes[i].push(i === j ? 0 : await more());
    }
    ports.natsCluster = { nodes, clients, routes, deadAdvertise: await more() };
  }
  return ports;
}

/**
 * Everything the suite runs on, all private: a PostgreSQL cluster and a nats-server with their
 * own data directories under a temp folder, a fault proxy in front of each for the services,
 * and the five compiled processes. Only these PIDs are ever signalled.
 */
export class FaultStack {
  readonly root = mkdtempSync(join(tmpdir(), 'retail-faults-'));
  readonly pg: PrivatePostgres;
  /** The nats-server, or node 1 of the cluster. */
  readonly nats: PrivateNats;
  readonly pgProxy: FaultProxy;
  /** The proxy in front of `nats` (node 1's client proxy in the cluster). */
  readonly natsProxy: FaultProxy;
  /** The `cluster` topology's three NATS nodes. */
  readonly natsCluster?: NatsCluster;
  /** Per service with several replicas: the round-robin balancer on the service's port. */
  private readonly balancers = new Map<ServiceName, FaultProxy>();
  /** Replicas taken out of the balancer (stopping, starting, killed): instance ids. */
  private readonly outOfService = new Set<string>();
  private readonly roundRobin = new Map<ServiceName, number>();
  /** Keyed by instance id: the service's name for replica 0, `<name>#<r>` for the others. */
  private readonly procs = new Map<string, ManagedProcess>();
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
    readonly topology: Topology = SINGLE,
  ) {
    this.pg = new PrivatePostgres(this.root, ports.pg);
    this.pgProxy = new FaultProxy('postgres', { host: '127.0.0.1', port: ports.pg });
    const nc = ports.natsCluster;
    if (topology.natsNodes === 3 && nc) {
      this.natsCluster = new NatsCluster(this.root, nc.nodes, nc);
      this.nats = this.natsCluster.nodes[0];
      this.natsProxy = this.natsCluster.clientProxies[0];
    } else {
      this.nats = new PrivateNats(this.root, ports.nats);
      this.natsProxy = new FaultProxy('nats', { host: '127.0.0.1', port: ports.nats });
    }
    if (topology.replicas > 1) {
      for (const name of SERVICES.filter((n) => !SIMULATORS.has(n)))
        this.balancers.set(
          name,
          new FaultProxy(`balancer ${name}`, () => ({
            host: '127.0.0.1',
            port: this.pickReplica(name),
          })),
        );
    }
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.services[name]}`;
  }

  /** The instance ids of a service: `name`, `name#1`, ... */
  instances(name: ServiceName): string[] {
    const n = SIMULATORS.has(name) ? 1 : this.topology.replicas;
    return Array.from({ length: n }, (_, r) => instanceId(name, r));
  }

  private replicaPort(name: ServiceName, r: number): number {
    return this.balancers.has(name) ? this.ports.replicas![name][r] : this.ports.services[name];
  }

  private replicaUrl(name: ServiceName, r: number): string {
    return `http://127.0.0.1:${this.replicaPort(name, r)}`;
  }

  /**
   * A Kubernetes Service's choice: round-robin over the replicas in service (ready, not being
   * stopped); when none is, any (the caller sees the refusal, as behind a Service with no
   * ready endpoint).
   */
  private pickReplica(name: ServiceName): number {
    const all = this.instances(name).map((_, r) => r);
    const live = all.filter(
      (r) =>
        !this.outOfService.has(instanceId(name, r)) && this.procs.get(instanceId(name, r))?.running,
    );
    const pool = live.length ? live : all;
    const n = (this.roundRobin.get(name) ?? 0) + 1;
    this.roundRobin.set(name, n);
    return this.replicaPort(name, pool[n % pool.length]);
  }

  /** The harness's own connection: straight to PostgreSQL, not through the fault proxy. */
  get directDatabaseUrl(): string {
    return this.pg.url('faults');
  }

  async startInfra(): Promise<void> {
    await this.pg.init();
    await this.pg.start();
    await this.pg.createDatabase('faults');
    await this.pgProxy.listen(this.ports.pgProxy);
    if (this.logDir && this.natsCluster) {
      mkdirSync(this.logDir, { recursive: true });
      for (const n of this.natsCluster.nodes) n.keepLog(join(this.logDir, `nats-${n.name}.log`));
    }
    if (this.natsCluster) {
      await this.natsCluster.start();
    } else {
      await this.nats.start();
      await this.natsProxy.listen(this.ports.natsProxy);
    }
    for (const [name, lb] of this.balancers) await lb.listen(this.ports.services[name]);
  }

  /** The NATS_URL the services get: the proxy, or the three nodes' proxies. */
  get serviceNatsUrl(): string {
    return this.natsCluster?.serviceUrl ?? `nats://127.0.0.1:${this.ports.natsProxy}`;
  }

  /** The harness's own NATS connection (straight to the node(s), not through a proxy). */
  get directNatsServers(): string[] {
    return this.natsCluster?.directServers ?? [this.nats.url];
  }

  async startServices(log: (m: string) => void): Promise<void> {
    // With replicas, the first of every service starts (and migrates its schema) first, the
    // others once those are ready, as a first rollout would.
    for (const name of SERVICES) this.launchReplica(name, 0);
    let results = await Promise.all(SERVICES.map((n) => this.waitReplicaReady(n, 0, 240_000)));
    if (this.topology.replicas > 1 && results.every(Boolean)) {
      for (const name of SERVICES)
        for (let r = 1; r < this.instances(name).length; r++) this.launchReplica(name, r);
      results = await Promise.all(SERVICES.map((n) => this.waitReady(n, 240_000)));
    }
    const failed = SERVICES.filter((_, i) => !results[i]);
    if (failed.length) {
      for (const n of failed) log(`${n} not ready; last output:\n${this.logs(n).slice(-1500)}`);
      throw new Error(`services not ready: ${failed.join(', ')}`);
    }
  }

  /** The PID of the service's first replica. */
  pid(name: ServiceName, replica = 0): number | undefined {
    return this.procs.get(instanceId(name, replica))?.pid;
  }

  pids(name: ServiceName): Array<number | undefined> {
    return this.instances(name).map((id) => this.procs.get(id)?.pid);
  }

  logs(name: ServiceName): string {
    return this.instances(name)
      .map((id) => this.procs.get(id)?.logs() ?? '')
      .join('');
  }

  /** SIGKILL of the whole service (every replica). */
  async kill(name: ServiceName): Promise<void> {
    await Promise.all(this.instances(name).map((_, r) => this.killReplica(name, r)));
  }

  /** SIGKILL of one replica (out of the balancer at once, as its endpoint would be). */
  async killReplica(name: ServiceName, replica: number): Promise<void> {
    const id = instanceId(name, replica);
    this.outOfService.add(id);
    await this.procs.get(id)?.kill();
  }

  pause(name: ServiceName): boolean {
    return this.instances(name)
      .map((id) => this.procs.get(id)?.signal('SIGSTOP') ?? false)
      .some(Boolean);
  }

  resume(name: ServiceName): boolean {
    return this.instances(name)
      .map((id) => this.procs.get(id)?.signal('SIGCONT') ?? false)
      .some(Boolean);
  }

  /** Starts a killed service again (same port, schema, namespace) and waits for readiness. */
  async restart(name: ServiceName, timeoutMs = 90_000): Promise<boolean> {
    const all = await Promise.all(
      this.instances(name).map((_, r) => this.restartReplica(name, r, timeoutMs)),
    );
    return all.every(Boolean);
  }

  /**
   * One replica replaced: out of the balancer, SIGTERM (SIGKILL after `graceMs`), a new process
   * on the same port, back in the balancer once ready. A rollout does this replica by replica.
   */
  async restartReplica(
    name: ServiceName,
    replica: number,
    timeoutMs = 90_000,
    graceMs = 10_000,
  ): Promise<boolean> {
    const id = instanceId(name, replica);
    this.outOfService.add(id);
    await this.procs.get(id)?.stop(graceMs);
    this.launchReplica(name, replica);
    return this.waitReplicaReady(name, replica, timeoutMs);
  }

  async ready(name: ServiceName, replica?: number): Promise<boolean> {
    const base = replica === undefined ? this.url(name) : this.replicaUrl(name, replica);
    const res = await fetch(`${base}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.status === 200;
  }

  /** Every replica ready. */
  async waitReady(name: ServiceName, timeoutMs: number): Promise<boolean> {
    const all = await Promise.all(
      this.instances(name).map((_, r) => this.waitReplicaReady(name, r, timeoutMs)),
    );
    return all.every(Boolean);
  }

  /** Polls readiness; gives up at once when the process died and nobody will restart it. */
  async waitReplicaReady(name: ServiceName, replica: number, timeoutMs: number): Promise<boolean> {
    const id = instanceId(name, replica);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const running = this.procs.get(id)?.running;
      if (!running && !this.supervising) return false;
      if (running && (await this.ready(name, replica).catch(() => false))) {
        this.outOfService.delete(id);
        return true;
      }
      await sleep(300);
    }
    return false;
  }

  async stop(keepData: boolean): Promise<void> {
    this.supervise(false);
    await Promise.all([...this.procs.values()].map((p) => p.stop(15_000)));
    await Promise.all([...this.procs.values()].map((p) => p.closeLog()));
    await this.pgProxy.close().catch(() => undefined);
    for (const lb of this.balancers.values()) await lb.close().catch(() => undefined);
    if (this.natsCluster) await this.natsCluster.stop();
    await this.natsProxy.close().catch(() => undefined);
    this.nats.resume();
    this.pg.resume();
    await this.nats.stop().catch(() => undefined);
    await this.pg.stop().catch(() => undefined);
    if (!keepData) rmSync(this.root, { recursive: true, force: true });
  }

  private launchReplica(name: ServiceName, replica: number): void {
    const id = instanceId(name, replica);
    const main = join(this.distDir, 'apps', name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} missing: run \`npm run build\` first`);
    this.outOfService.add(id);
    const proc = new ManagedProcess(id, process.execPath, ['--enable-source-maps', main], {
      cwd: this.repoRoot,
      env: { ...this.envFor(name), PORT: String(this.replicaPort(name, replica)) },
    });
    if (this.logDir) {
      mkdirSync(this.logDir, { recursive: true });
      proc.logFile = join(this.logDir, `${id.replace('#', '-')}.log`);
    }
    proc.onUnexpectedExit = ({ code, signal, logs }) => {
      this.crashes.push({
        service: id,
        at: Date.now(),
        code,
        signal,
        lastLog: logs.slice(-1200),
      });
      this.outOfService.add(id);
      this.onCrash?.(id, code, signal);
      // Kubernetes would restart the pod (restartPolicy Always): so does the supervisor.
      if (this.supervising)
        setTimeout(() => {
          if (this.procs.get(id) !== proc) return;
          this.launchReplica(name, replica);
          void this.waitReplicaReady(name, replica, 120_000);
        }, 1000);
    };
    proc.start();
    this.procs.set(id, proc);
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
      NATS_URL: this.serviceNatsUrl,
      NATS_STREAM_REPLICAS: String(this.topology.natsNodes),
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

/** `name` for the first replica (its log keeps the single-process name), `name#r` after. */
export function instanceId(name: ServiceName, replica: number): string {
  return replica === 0 ? name : `${name}#${replica}`;
}
