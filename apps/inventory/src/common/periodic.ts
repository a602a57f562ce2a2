import { Logger } from '@nestjs/common';

/**
 * Runs `task` every `intervalMs`, never two runs at once, and waits for the current run on
 * stop (graceful shutdown). A failing run is logged; the next one runs on schedule.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger = new Logger(name),
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Runs the task now (tests, and callers that want the window closed immediately). */
  async runNow(): Promise<void> {
    await this.running;
    this.running = this.safeRun();
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.safeRun().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async safeRun(): Promise<void> {
    try {
      await this.task();
    } catch (err) {
      this.logger.warn(`${this.name} failed: ${err instanceof Error ? err.message : err}`);
    }
  }
}
