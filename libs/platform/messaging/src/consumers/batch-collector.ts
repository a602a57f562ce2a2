/**
 * Gathers items per key into batches of at most `maxItems`; a batch is flushed once full or
 * `lingerMs` after its first item. Flushes are handed to `sink` one after another, in order, so
 * the batches of a key reach it in arrival order (the sink may apply back-pressure).
 */
export class BatchCollector<T> {
  private readonly open = new Map<string, { items: T[]; timer: NodeJS.Timeout }>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly maxItems: number,
    private readonly lingerMs: number,
    private readonly sink: (key: string, items: T[]) => Promise<void>,
  ) {}

  /** Resolves at once, or once a full batch has been accepted by the sink (back-pressure). */
  async add(key: string, item: T): Promise<void> {
    let batch = this.open.get(key);
    if (!batch) {
      batch = { items: [], timer: setTimeout(() => void this.flush(key), this.lingerMs) };
      this.open.set(key, batch);
    }
    batch.items.push(item);
    if (batch.items.length >= this.maxItems) await this.flush(key);
  }

  /** Hands every open batch to the sink; resolves once the sink accepted them all. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.flush(key)));
  }

  private flush(key: string): Promise<void> {
    const batch = this.open.get(key);
    if (batch) {
      this.open.delete(key);
      clearTimeout(batch.timer);
      this.chain = this.chain.then(() => this.sink(key, batch.items)).catch(() => undefined);
    }
    return this.chain;
  }
}
