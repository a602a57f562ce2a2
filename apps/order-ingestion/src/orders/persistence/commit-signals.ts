import { Inject, Injectable, Optional } from '@nestjs/common';
import { JobsRuntime } from '@retail/platform-jobs';
import { OutboxRelay } from '@retail/platform-messaging';

/**
 * What the hot order statements (intake, `applyIfUnchanged`) do instead of NOTIFYs inside their
 * transaction (ADR 0034), after the commit: this process's outbox relay publishes the rows (the
 * other replicas' relays would only compete for them; their polling covers a relay that is
 * down), and this process's job workers are woken; other replicas get a coalesced NOTIFY only
 * when no local lane is free (JobsListener.announce).
 */
@Injectable()
export class CommitSignals {
  constructor(
    private readonly jobs: JobsRuntime,
    @Optional() @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}

  /** A commit wrote outbox rows. */
  outbox(): void {
    this.relay?.notify();
  }

  /** A commit made a job of `queue` due. */
  jobDue(queue: string): void {
    this.jobs.listener.announce(queue);
  }
}
