import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A process the harness started. Faults act on its PID only: SIGKILL, SIGSTOP/SIGCONT,
 * SIGTERM. Nothing here ever signals a process by name.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private readonly tail: string[] = [];
  private exitWaiters: Array<() => void> = [];
  /** True while an exit is one we caused (kill/stop): anything else is a crash. */
  private expectingExit = false;
  /** Called when the process exits without the harness asking it to. */
  onUnexpectedExit?: (info: { code: number | null; signal: string | null; logs: string }) => void;
  /** Every line the process writes, across restarts, is appended here when set. */
  logFile?: string;
  private logStream?: WriteStream;
  private childClosed: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: SpawnOptions,
  ) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    const child = spawn(this.command, this.args, {
      ...this.options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = this.logFile ? createWriteStream(this.logFile, { flags: 'a' }) : undefined;
    this.logStream = log;
    log?.write(`--- ${new Date().toISOString()} ${this.name} started\n`);
    const keep = (chunk: Buffer) => {
      this.tail.push(chunk.toString());
      if (this.tail.length > 120) this.tail.shift();
      if (log?.writable) log.write(chunk);
    };
    // Output can still arrive after 'exit'; 'close' comes once stdout and stderr are done.
    this.childClosed = new Promise<void>((resolve) =>
      child.on('close', (code, signal) => {
        if (log?.writable)
          log.end(`--- ${new Date().toISOString()} exited (code ${code}, signal ${signal})\n`);
        resolve();
      }),
    );
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.expectingExit = false;
    child.on('exit', (code, signal) => {
      if (!this.expectingExit) this.onUnexpectedExit?.({ code, signal, logs: this.logs() });
      const waiters = this.exitWaiters;
      this.exitWaiters = [];
      waiters.forEach((w) => w());
    });
    this.child = child;
  }

  logs(): string {
    return this.tail.join('');
  }

  /** Waits until the log file of the last start is flushed and closed (after the stop). */
  async closeLog(): Promise<void> {
    const stream = this.logStream;
    if (!stream || stream.closed) return;
    // 'exit' (what kill and stop wait for) can come before 'close', whose handler writes the exit
    // line and ends the log: wait for it (bounded), or that line would be lost.
    await Promise.race([this.childClosed, sleep(5_000)]);
    if (stream.writable) stream.end();
    if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
  }

  signal(sig: NodeJS.Signals): boolean {
    const pid = this.pid;
    if (!pid) return false;
    process.kill(pid, sig);
    return true;
  }

  /** A crash: SIGKILL, then wait for the exit. A paused process is killed too. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = this.waitExit(10_000);
    this.expectingExit = true;
    this.signal('SIGKILL');
    await exited;
  }

  /** Graceful stop: SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    const exited = this.waitExit(graceMs);
    this.expectingExit = true;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    if (!(await exited)) await this.kill();
  }

  private waitExit(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` is truthy; false after the timeout. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}
