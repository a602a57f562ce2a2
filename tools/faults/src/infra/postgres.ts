import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ManagedProcess, sleep, waitFor } from './processes';

const PG_BIN = process.env.FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** initdb refuses to run as root: run the server as the `postgres` OS user then. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A private PostgreSQL 15 cluster: its own data directory and port, never the machine's
 * server on 5432. The postmaster is our child (spawned directly, no pg_ctl), so its PID is
 * known and a SIGKILL hits exactly it.
 */
export class PrivatePostgres {
  readonly dataDir: string;
  private readonly socketDir: string;
  private readonly proc: ManagedProcess;
  private readonly user = runAs();

  constructor(
    private readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = join(root, 'pg');
    this.socketDir = join(root, 'pg-socket');
    this.proc = new ManagedProcess('postgres', join(PG_BIN, 'postgres'), this.serverArgs(), {
      ...this.user,
      env: { PATH: process.env.PATH, LANG: 'C' },
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  url(database = 'faults', port = this.port): string {
    return `postgres://postgres@127.0.0.1:${port}/${database}`;
  }

  async init(): Promise<void> {
    for (const dir of [this.root, this.dataDir, this.socketDir])
      mkdirSync(dir, { recursive: true });
    chmodSync(this.root, 0o755);
    if (this.user.uid !== undefined) {
      chownSync(this.dataDir, this.user.uid, this.user.gid!);
      chownSync(this.socketDir, this.user.uid, this.user.gid!);
    }
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return;
    const res = spawnSync(
      join(PG_BIN, 'initdb'),
      ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
      { ...this.user, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C' } },
    );
    if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr || res.error}`);
  }

  async start(): Promise<void> {
    this.proc.start();
    const up = await waitFor(() => this.ping(), 30_000, 150);
    if (!up) throw new Error(`private PostgreSQL did not start:\n${this.proc.logs().slice(-2000)}`);
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        name,
      ]);
      if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
  }

  /**
   * SIGKILL of the postmaster (F3). Its backends notice the death and exit on their own; we
   * wait for the ones we recorded before restarting, as a real crash-restart would.
   */
  async kill(): Promise<void> {
    const children = this.childPids();
    await this.proc.kill();
    await waitFor(async () => children.every((pid) => !alive(pid)), 15_000, 100);
    for (const pid of children.filter(alive)) process.kill(pid, 'SIGKILL');
  }

  pause(): boolean {
    return this.proc.signal('SIGSTOP');
  }

  resume(): boolean {
    return this.proc.signal('SIGCONT');
  }

  async restart(): Promise<void> {
    await sleep(100);
    await this.start();
  }

  async stop(): Promise<void> {
    // SIGINT = PostgreSQL's "fast" shutdown.
    if (this.proc.signal('SIGINT')) await waitFor(async () => !this.proc.running, 20_000, 100);
    await this.proc.kill();
  }

  logs(): string {
    return this.proc.logs();
  }

  private serverArgs(): string[] {
    const settings = [
      'listen_addresses=127.0.0.1',
      'max_connections=300',
      'shared_buffers=64MB',
      'log_min_messages=fatal',
    ];
    return [
      ...['-D', this.dataDir, '-p', String(this.port), '-k', this.socketDir],
      ...settings.flatMap((s) => ['-c', s]),
    ];
  }

  private async ping(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.url('postgres'),
      connectionTimeoutMillis: 1000,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private childPids(): number[] {
    const pid = this.proc.pid;
    if (!pid) return [];
    const res = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return res.stdout
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  }
}
