import { Inject, Injectable, Optional } from '@nestjs/common';
import { RetentionJanitor, type RetentionRule } from '@retail/platform-persistence';
import {
  MESSAGING_OPTIONS,
  type ResolvedMessagingOptions,
  type RetentionOptions,
} from '../options';

// Unpublished outbox rows are never deleted, whatever their age.
const PURGE_OUTBOX = `DELETE FROM outbox WHERE id IN (
  SELECT id FROM outbox
  WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
  LIMIT $2)`;

const PURGE_INBOX = `DELETE FROM inbox WHERE (consumer, message_id) IN (
  SELECT consumer, message_id FROM inbox
  WHERE received_at < now() - make_interval(hours => $1)
  LIMIT $2)`;

/** The retention of the outbox (published rows only) and the inbox. */
export function messagingRetentionRules(
  retention: Required<Pick<RetentionOptions, 'outboxHours' | 'inboxHours'>>,
): RetentionRule[] {
  return [
    { table: 'outbox', sql: PURGE_OUTBOX, hours: retention.outboxHours },
    { table: 'inbox', sql: PURGE_INBOX, hours: retention.inboxHours },
  ];
}

/**
 * Registers the outbox and inbox with the service's `RetentionJanitor` (provided by the
 * service module; absent in a process without a database).
 */
@Injectable()
export class MessagingRetention {
  constructor(
    @Inject(MESSAGING_OPTIONS) opts: ResolvedMessagingOptions,
    @Optional() @Inject(RetentionJanitor) janitor?: RetentionJanitor | null,
  ) {
    if (janitor && opts.retention.enabled)
      janitor.register(...messagingRetentionRules(opts.retention));
  }
}
