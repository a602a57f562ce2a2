import { Injectable } from '@nestjs/common';

/**
 * In-process wake-up of the pipeline worker: a use case that made work due calls `wake()`, so
 * the order moves at once instead of at the next poll. Other replicas find it by polling.
 */
@Injectable()
export class PipelineSignal {
  private waiters: Array<() => void> = [];

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** Resolves on the next wake() or after `ms`, whichever is first. */
  wait(ms: number): Promise<void> {
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
