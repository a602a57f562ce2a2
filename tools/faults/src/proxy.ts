import net from 'node:net';

/**
 * A small TCP fault proxy (the toxiproxy vocabulary we need, without a toxiproxy server: this
 * machine has neither netem nor toxiproxy). It sits between the services and PostgreSQL / NATS.
 *
 * - `latency(ms, jitterMs)`: every chunk, both directions, is delayed (order kept);
 * - `cut()`: closes every open connection (FIN), as a restarting load balancer would;
 * - `reset()`: aborts every open connection with a TCP RST (`reset_peer`);
 * - `down()` / `up()`: new connections are reset at once until `up()`.
 */
export interface ProxyStats {
  accepted: number;
  refused: number;
  cut: number;
  reset: number;
  open: number;
}

export interface ProxyTarget {
  host: string;
  port: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export class FaultProxy {
  private server?: net.Server;
  private readonly pairs = new Set<Pair>();
  private latencyMs = 0;
  private jitterMs = 0;
  private refusing = false;
  private readonly counters = { accepted: 0, refused: 0, cut: 0, reset: 0 };

  constructor(
    readonly name: string,
    /** Where connections go: fixed, or chosen per connection (a round-robin balancer). */
    private readonly target: ProxyTarget | (() => ProxyTarget),
    private readonly random: () => number = Math.random,
  ) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  latency(ms: number, jitterMs = 0): void {
    this.latencyMs = Math.max(0, ms);
    this.jitterMs = Math.max(0, jitterMs);
  }

  cut(): number {
    return this.closeAll((s) => s.destroy(), 'cut');
  }

  reset(): number {
    return this.closeAll((s) => s.resetAndDestroy(), 'reset');
  }

  down(): void {
    this.refusing = true;
    this.reset();
  }

  up(): void {
    this.refusing = false;
  }

  /** Back to a transparent pipe (no latency, accepting). Open connections are kept. */
  heal(): void {
    this.latency(0);
    this.up();
  }

  stats(): ProxyStats {
    return { ...this.counters, open: this.pairs.size };
  }

  async close(): Promise<void> {
    this.reset();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private closeAll(how: (s: net.Socket) => void, kind: 'cut' | 'reset'): number {
    const n = this.pairs.size;
    for (const pair of [...this.pairs]) {
      how(pair.client);
      how(pair.upstream);
      this.pairs.delete(pair);
    }
    this.counters[kind] += n;
    return n;
  }

  private accept(client: net.Socket): void {
    if (this.refusing) {
      this.counters.refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.counters.accepted++;
    const upstream = net.connect(typeof this.target === 'function' ? this.target() : this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on('error', drop);
      s.on('close', drop);
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Copies one direction. Chunks keep their order: a chunk is never due before the previous. */
  private forward(from: net.Socket, to: net.Socket): void {
    let lastDue = 0;
    from.on('data', (chunk) => {
      const delay = this.latencyMs + (this.jitterMs ? this.random() * this.jitterMs : 0);
      if (delay <= 0 && lastDue <= Date.now()) {
        to.write(chunk);
        return;
      }
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      setTimeout(() => to.writable && to.write(chunk), due - Date.now());
    });
    from.on('end', () => {
      const wait = Math.max(0, lastDue - Date.now());
      setTimeout(() => to.end(), wait);
    });
  }
}
