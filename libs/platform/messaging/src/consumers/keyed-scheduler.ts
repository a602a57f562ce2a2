/**
 * Runs tasks on `lanes` sequential lanes chosen by key, with at most `limit` tasks queued or
 * running. One key always maps to one lane, so tasks of a key run in submission order.
 */
export class KeyedScheduler {
  private readonly tails: Promise<void>[];
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly lanes: number,
    private readonly limit = lanes * 2,
  ) {
    this.tails = Array.from({ length: lanes }, () => Promise.resolve());
  }

  /** Resolves once the task is queued (after back-pressure), not when it finishes. */
  async submit(key: string, task: () => Promise<void>): Promise<void> {
    while (this.inFlight >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.inFlight++;
    const lane = this.lanes === 1 ? 0 : hash(key) % this.lanes;
    this.tails[lane] = this.tails[lane]
      .then(task)
      .catch(() => undefined)
      .finally(() => this.release());
  }

  /** Resolves when every submitted task has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.tails);
  }

  private release(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }
}

/** FNV-1a: stable and cheap; only spread matters here. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
