import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { FaultProxy } from '../proxy';
import { PrivateNats } from './nats';
import { waitFor } from './processes';

/** The ports of one node: clients, routes (cluster), monitoring. */
export interface NatsNodePorts {
  client: number;
  route: number;
  monitor: number;
}

/**
 * Three `nats-server -js` nodes clustered on loopback (JetStream clustered: streams may have 3
 * replicas), every link through a fault proxy of ours so that one node can be isolated:
 *
 * - the services reach node i only through `clientProxies[i]` (their NATS_URL lists the three);
 *   `no_advertise` keeps the nodes from telling clients their real addresses;
 * - node i reaches node j only through `routeProxies[i][j]` (its explicit routes), and every node
 *   advertises a port nobody listens on, so gossip never opens a route around the proxies.
 *
 * Isolating node i = every proxy to or from it down (its clients and both directions of its
 * routes); healing = up again, the routes and clients reconnect by themselves.
 */
export class NatsCluster {
  readonly nodes: PrivateNats[];
  readonly clientProxies: FaultProxy[];
  /** routeProxies[i][j]: node i's route to node j (undefined for i = j). */
  readonly routeProxies: Array<Array<FaultProxy | undefined>>;

  constructor(
    root: string,
    readonly ports: NatsNodePorts[],
    readonly proxyPorts: { clients: number[]; routes: number[][]; deadAdvertise: number },
  ) {
    const n = ports.length;
    this.routeProxies = ports.map((_, i) =>
      ports.map((to, j) =>
        i === j
          ? undefined
          : new FaultProxy(`nats route n${i + 1}->n${j + 1}`, {
              host: '127.0.0.1',
              port: to.route,
            }),
      ),
    );
    this.clientProxies = ports.map(
      (p, i) => new FaultProxy(`nats n${i + 1}`, { host: '127.0.0.1', port: p.client }),
    );
    this.nodes = ports.map((p, i) => {
      const name = `n${i + 1}`;
      const routes = Array.from({ length: n }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => `"nats-route://127.0.0.1:${proxyPorts.routes[i][j]}"`);
      return new PrivateNats(root, p.client, {
        name,
        args: (storeDir) => {
          const file = join(root, `nats-${name}.conf`);
          writeFileSync(
            file,
            [
              `server_name: "${name}"`,
              `listen: "127.0.0.1:${p.client}"`,
              `http: "127.0.0.1:${p.monitor}"`,
              `jetstream { store_dir: "${storeDir}" }`,
              'cluster {',
              '  name: "flt"',
              `  listen: "127.0.0.1:${p.route}"`,
              `  advertise: "127.0.0.1:${proxyPorts.deadAdvertise}"`,
              '  no_advertise: true',
              `  routes: [${routes.join(', ')}]`,
              '}',
              '',
            ].join('\n'),
          );
          return ['-c', file];
        },
      });
    });
  }

  /** The services' NATS_URL: the three client proxies. */
  get serviceUrl(): string {
    return this.proxyPorts.clients.map((p) => `nats://127.0.0.1:${p}`).join(',');
  }

  /** The harness's own connections: straight to the nodes. */
  get directServers(): string[] {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`);
  }

  allProxies(): FaultProxy[] {
    return [...this.clientProxies, ...this.routeProxies.flat().filter((p) => !!p)] as FaultProxy[];
  }

  async start(): Promise<void> {
    for (const [i, p] of this.clientProxies.entries()) await p.listen(this.proxyPorts.clients[i]);
    for (const [i, row] of this.routeProxies.entries())
      for (const [j, p] of row.entries()) if (p) await p.listen(this.proxyPorts.routes[i][j]);
    await Promise.all(this.nodes.map((n) => n.start()));
    const ready = await waitFor(() => this.jetStreamReady(), 60_000, 500);
    if (!ready)
      throw new Error(
        `NATS cluster: JetStream not ready after 60 s:\n${this.nodes.map((n) => n.logs().slice(-800)).join('\n')}`,
      );
  }

  /** JetStream's meta group has a leader and answers account info on every node. */
  async jetStreamReady(): Promise<boolean> {
    for (const p of this.ports) {
      const res = await fetch(`http://127.0.0.1:${p.monitor}/healthz?js-enabled=true`, {
        signal: AbortSignal.timeout(2000),
      }).catch(() => undefined);
      if (res?.status !== 200) return false;
    }
    for (const server of this.directServers) {
      const ok = await this.onNode(server, (jsm) => jsm.getAccountInfo()).then(
        () => true,
        () => false,
      );
      if (!ok) return false;
    }
    return true;
  }

  /**
   * `fn` on the first node that answers, asked one by one: a node cut off from its peers (or
   * down) times out and the next is asked, so the answer comes from the cluster's majority side.
   */
  private async onAnyNode<T>(fn: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const server of this.directServers) {
      try {
        return await this.onNode(server, fn);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  }

  private async onNode<T>(server: string, fn: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
    const nc = await connect({ servers: [server], timeout: 2000, reconnect: false });
    try {
      return await fn(await jetstreamManager(nc, { timeout: 3000 }));
    } finally {
      await nc.close().catch(() => undefined);
    }
  }

  /** The node (index) leading `stream` now, or undefined when it has none (election). */
  async streamLeader(stream: string): Promise<number | undefined> {
    const info = await this.onAnyNode((jsm) => jsm.streams.info(stream));
    const leader = info.cluster?.leader;
    const i = this.nodes.findIndex((n) => n.name === leader);
    return i >= 0 ? i : undefined;
  }

  /** Replicas of `stream` and how many are current (for the report). */
  async streamReplicas(stream: string): Promise<{ replicas: number; current: number }> {
    const info = await this.onAnyNode((jsm) => jsm.streams.info(stream));
    const peers = info.cluster?.replicas ?? [];
    return {
      replicas: info.config.num_replicas,
      current: (info.cluster?.leader ? 1 : 0) + peers.filter((r) => r.current && !r.offline).length,
    };
  }

  /** Node i cut off from its peers and its clients (every proxy to or from it down). */
  isolate(i: number): void {
    this.clientProxies[i].down();
    for (const [a, row] of this.routeProxies.entries())
      for (const [b, p] of row.entries()) if (p && (a === i || b === i)) p.down();
  }

  heal(): void {
    for (const p of this.allProxies()) p.heal();
  }

  resumeAll(): void {
    for (const n of this.nodes) n.resume();
  }

  async stop(): Promise<void> {
    await Promise.all(this.allProxies().map((p) => p.close().catch(() => undefined)));
    this.resumeAll();
    await Promise.all(this.nodes.map((n) => n.stop().catch(() => undefined)));
  }
}
