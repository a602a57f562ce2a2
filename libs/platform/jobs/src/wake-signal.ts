/**
 * A wake-up that is never lost: `wake()` with nobody waiting is remembered, and the next
 * `wait()` returns at once. `wait(ms)` resolves on a wake or after `ms`, whichever is first.
 */
export class WakeSignal {
  private pending = false;
  private waiters: Array<() => void> = [];

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0) this.pending = true;
    waiters.forEach((resolve) => resolve());
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.push(done);
    });
  }
}
