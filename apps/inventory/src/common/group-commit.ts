interface Request<I, O> {
  items: I[];
  resolve: (value: O[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of whole requests: while one combined run is in flight, the requests that arrive
 * wait, and the next run takes all of them at once (up to `maxItems` items, at least one
 * request), their items concatenated in arrival order; each request gets back its own slice of
 * the results. Applying the concatenation is applying the requests one after the other, so a
 * request keeps its own all-or-nothing (it is in one transaction, shared with its neighbours).
 * When a combined run fails, its requests run again one by one, so one bad request cannot fail
 * the others.
 */
export class RequestCombiner<I, O> {
  private readonly queue: Array<Request<I, O>> = [];
  private running = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxItems: number,
  ) {}

  submit(items: I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = [this.queue.shift()!];
        let size = group[0].items.length;
        while (this.queue.length > 0 && size + this.queue[0].items.length <= this.maxItems) {
          size += this.queue[0].items.length;
          group.push(this.queue.shift()!);
        }
        await this.runGroup(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async runGroup(group: Array<Request<I, O>>): Promise<void> {
    try {
      const results = await this.run(group.flatMap((r) => r.items));
      let at = 0;
      for (const r of group) {
        r.resolve(results.slice(at, at + r.items.length));
        at += r.items.length;
      }
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      for (const r of group) await this.runGroup([r]);
    }
  }
}
