import { Injectable } from '@nestjs/common';

/**
 * In-process admission for write transactions: at most one transaction per key (a hot SKU's
 * requests queue here in memory instead of each holding a pooled connection while it waits on
 * the same row lock), and at most `limit` transactions at once (the rest wait here rather than
 * time out in the connection pool). Correctness never depends on it: replicas still serialise
 * on the database row locks; this only turns lock convoys into a cheap in-memory queue.
 * A holder of a slot never waits for a key, so the two waits cannot deadlock.
 */
export class KeyedGate {
  private readonly tails = new Map<string, Promise<void>>();
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    if (key === undefined) return this.withSlot(task);
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await this.withSlot(task);
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiters.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }
}

/** The gate shared by the write paths of this process (pool size 10; leave room for reads). */
@Injectable()
export class WriteGate extends KeyedGate {
  constructor() {
    super(6);
  }
}
