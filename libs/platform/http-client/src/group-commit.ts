/** Sends one batch; answers item i with `answers[i]` (a value, or an Error for that item alone). */
export type BatchSender<I, A> = (items: I[]) => Promise<Array<A | Error>>;

export interface GroupCommitOptions<I, A> {
  /** Most items in one call (the callee's batch limit). */
  maxBatch: number;
  /** Calls in flight at once; items submitted meanwhile wait for the next call. */
  maxInFlight: number;
  send: BatchSender<I, A>;
  /**
   * A failed call whose error this accepts (e.g. the callee refused the whole body: one entry
   * may have made it unacceptable) is sent again item by item, so that one bad item fails alone
   * instead of failing every batch it joins. Default: never.
   */
  isolate?: (err: unknown) => boolean;
}

interface Waiting<I, A> {
  item: I;
  resolve: (answer: A) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for calls to a batch route: what is submitted in the same tick, or while
 * `maxInFlight` calls are out, goes in the next call. No timer: a lone item leaves at once, and
 * under load the batches grow by themselves. Each item settles on its own answer; a call that
 * fails (throws) fails every item it carried, never the ones waiting for the next call.
 */
export class GroupCommit<I, A> {
  private readonly pending: Array<Waiting<I, A>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: GroupCommitOptions<I, A>) {}

  submit(item: I): Promise<A> {
    return new Promise<A>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Sends the next batch after the current tick (so what one caller asks together travels together). */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.pending.length === 0)
      return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.sendBatch();
    });
  }

  private async sendBatch(): Promise<void> {
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.inFlight++;
    try {
      await this.sendAndSettle(batch).catch((err: unknown) => {
        if (batch.length === 1 || !this.options.isolate?.(err)) throw err;
        return Promise.all(batch.map((w) => this.sendAndSettle([w]).catch(w.reject)));
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async sendAndSettle(batch: Array<Waiting<I, A>>): Promise<void> {
    const answers = await this.options.send(batch.map((w) => w.item));
    batch.forEach((w, i) => {
      const answer = i < answers.length ? answers[i] : new Error('batch answer without this item');
      if (answer instanceof Error) w.reject(answer);
      else w.resolve(answer);
    });
  }
}
