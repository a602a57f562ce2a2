import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { CoalescedNotify, JobsRuntime } from '@retail/platform-jobs';
import { OUTBOX_NOTIFY_CHANNEL, OutboxRelay } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';

/**
 * What the hot order statements (intake, `applyIfUnchanged`) send instead of NOTIFYs inside their
 * transaction (ADR 0034): after the commit, this process's outbox relay and job workers are woken
 * directly, and the other replicas with one coalesced NOTIFY per channel every 50 ms at most.
 */
@Injectable()
export class CommitSignals implements OnApplicationShutdown {
  private readonly notifier: CoalescedNotify;

  constructor(
    db: DataSource,
    private readonly jobs: JobsRuntime,
    @Optional() @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {
    this.notifier = new CoalescedNotify(db);
  }

  /** A commit wrote outbox rows. */
  outbox(): void {
    this.relay?.notify();
    this.notifier.send(OUTBOX_NOTIFY_CHANNEL, '');
  }

  /** A commit made a job of `queue` due. */
  jobDue(queue: string): void {
    this.jobs.listener.announce(queue);
  }

  onApplicationShutdown(): void {
    this.notifier.close();
  }
}
