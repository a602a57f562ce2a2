import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { RetentionJanitor } from '@retail/platform-persistence';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { cleanUp, createDataSource, isolation, startMessaging } from './harness';

/** Inserts an outbox row created `ageHours` ago, published then too unless `published` is false. */
async function outboxRow(ds: DataSource, ageHours: number, published = true): Promise<string> {
  const id = uuidv7();
  await ds.query(
    `INSERT INTO outbox (id, subject, type, payload, created_at, published_at)
     VALUES ($1, 'retail.orders.v1.order.accepted', 'retail.orders.v1.order.accepted', '{}',
             now() - make_interval(hours => $2), CASE WHEN $3 THEN now() - make_interval(hours => $2) END)`,
    [id, ageHours, published],
  );
  return id;
}

async function inboxRows(ds: DataSource, consumer: string, count: number, ageHours: number) {
  await ds.query(
    `INSERT INTO inbox (consumer, message_id, received_at)
     SELECT $1, 'm-' || g, now() - make_interval(hours => $3) FROM generate_series(1, $2) g`,
    [consumer, count, ageHours],
  );
}

const ids = async (ds: DataSource, sql: string): Promise<string[]> =>
  ((await ds.query(sql)) as Array<{ id: string }>).map((r) => r.id).sort();

/** The service module's part here: one janitor, global, small batches. */
@Global()
@Module({
  providers: [
    {
      provide: RetentionJanitor,
      inject: [DataSource],
      useFactory: (ds: DataSource) =>
        new RetentionJanitor(ds, { batchSize: 3, intervalMs: 3_600_000, initialDelayMs: 60_000 }),
    },
  ],
  exports: [RetentionJanitor],
})
class JanitorModule {}

describe('outbox and inbox retention (integration)', () => {
  const { schema, namespace } = isolation('messaging_retention');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    // The janitor is started (first run after 60 s, so not during this file); purges are
    // called here.
    app = await startMessaging(
      ds,
      { namespace, outbox: { enabled: false }, retention: { outboxHours: 72, inboxHours: 168 } },
      [],
      [JanitorModule],
    );
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  it('registers the outbox and inbox with the service janitor', () => {
    expect(app.get(RetentionJanitor).tables()).toEqual(['outbox', 'inbox']);
  });

  it('deletes old published outbox rows and old inbox rows, in batches, and keeps the rest', async () => {
    const oldPublished = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => outboxRow(ds, 73)));
    const recentPublished = await outboxRow(ds, 71);
    const oldUnpublished = await outboxRow(ds, 500, false);
    await inboxRows(ds, 'messaging-test--old', 8, 169);
    await inboxRows(ds, 'messaging-test--recent', 2, 167);
    expect(oldPublished).toHaveLength(7);

    const result = await app.get(RetentionJanitor).purge();

    expect(result).toEqual({ outbox: 7, inbox: 8 });
    expect(await ids(ds, 'SELECT id FROM outbox')).toEqual(
      [recentPublished, oldUnpublished].sort(),
    );
    const inbox = await ds.query('SELECT consumer, count(*)::int AS n FROM inbox GROUP BY 1');
    expect(inbox).toEqual([{ consumer: 'messaging-test--recent', n: 2 }]);
  });
});
