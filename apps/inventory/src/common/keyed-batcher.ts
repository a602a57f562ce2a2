interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/** Per item: its result, or the error that belongs to it alone. */
export type ItemOutcome<O> = { ok: O } | { error: unknown };

/**
 * Group commit per key: while a batch of key K runs, later items of K wait, and the next batch
 * takes all of them at once (up to `max`). One transaction then serves many requests, so a hot
 * key pays one lock wait and one commit per batch instead of per request. When a whole batch
 * fails, its items run again one by one, so one bad item cannot fail its neighbours.
 */
export class KeyedBatcher<I, O> {
  private readonly queues = new Map<string, Waiting<I, O>[]>();

  constructor(
    private readonly run: (key: string, items: I[]) => Promise<ItemOutcome<O>[]>,
    private readonly max = 100,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.max);
      await this.runBatch(key, batch);
    }
    this.queues.delete(key);
  }

  private async runBatch(key: string, batch: Waiting<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.run(
        key,
        batch.map((w) => w.item),
      );
      batch.forEach((w, i) => settle(w, outcomes[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) await this.runBatch(key, [w]);
    }
  }
}

function settle<I, O>(w: Waiting<I, O>, outcome: ItemOutcome<O>): void {
  if ('ok' in outcome) w.resolve(outcome.ok);
  else w.reject(outcome.error);
}
