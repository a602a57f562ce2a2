import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { ManagedProcess, waitFor } from './processes';

export function tcpOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(700, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * A private `nats-server -js` with its own store directory and port (never 4222). A node of a
 * cluster (`NatsCluster`) is started from a configuration file instead (`args` given).
 */
export class PrivateNats {
  private readonly proc: ManagedProcess;
  readonly storeDir: string;

  constructor(
    root: string,
    readonly port: number,
    /** Its name in a cluster (`server_name`), and the arguments instead of the single-node ones. */
    readonly node?: { name: string; args: (storeDir: string) => string[] },
  ) {
    this.storeDir = join(root, node ? `nats-${node.name}` : 'nats');
    mkdirSync(this.storeDir, { recursive: true });
    const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
    const binary = which.stdout.trim();
    if (!binary) throw new Error('nats-server not found on PATH (apt-get install nats-server)');
    this.proc = new ManagedProcess(
      node ? `nats-server ${node.name}` : 'nats-server',
      binary,
      node
        ? node.args(this.storeDir)
        : ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', this.storeDir],
      { env: { PATH: process.env.PATH } },
    );
  }

  /** Keep every line the node writes (across restarts) in this file. */
  keepLog(file: string): void {
    this.proc.logFile = file;
  }

  get name(): string {
    return this.node?.name ?? 'nats-server';
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc.start();
    const up = await waitFor(() => tcpOpen(this.port), 15_000, 100);
    if (!up) throw new Error(`private nats-server did not start:\n${this.proc.logs()}`);
  }

  kill(): Promise<void> {
    return this.proc.kill();
  }

  pause(): boolean {
    return this.proc.signal('SIGSTOP');
  }

  resume(): boolean {
    return this.proc.signal('SIGCONT');
  }

  stop(): Promise<void> {
    return this.proc.stop(10_000);
  }

  logs(): string {
    return this.proc.logs();
  }
}
