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

/** A private `nats-server -js` with its own store directory and port (never 4222). */
export class PrivateNats {
  private readonly proc: ManagedProcess;
  readonly storeDir: string;

  constructor(
    root: string,
    readonly port: number,
  ) {
    this.storeDir = join(root, 'nats');
    mkdirSync(this.storeDir, { recursive: true });
    const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
    const binary = which.stdout.trim();
    if (!binary) throw new Error('nats-server not found on PATH (apt-get install nats-server)');
    this.proc = new ManagedProcess(
      'nats-server',
      binary,
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', this.storeDir],
      { env: { PATH: process.env.PATH } },
    );
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
