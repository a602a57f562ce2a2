import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, OUTBOX_NOTIFY_CHANNEL, OutboxRelay, OutboxService } from '../../src';
import {
  cleanUp,
  createDataSource,
  databaseUrl,
  eventually,
  isolation,
  sleep,
  startMessaging,
} from './harness';

const ACCEPTED = 'retail.orders.v1.order.accepted';
const POLL_MS = 60_000;

describe('outbox relay LISTEN reconnect (integration)', () => {
  const { schema, namespace } = isolation('messaging_relayre');
  // The relay's sessions carry this application_name, so the test finds its LISTEN backend
  // among those of the other test files sharing the database.
  const appName = `relay_${namespace}`;
  let ds: DataSource;
  let admin: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    await (await createDataSource(schema)).destroy();
    ds = new DataSource({
      type: 'postgres',
      url: databaseUrl(),
      schema,
      entities: MESSAGING_ENTITIES,
      extra: { options: `-c search_path=${schema}`, application_name: appName },
    });
    await ds.initialize();
    admin = new DataSource({ type: 'postgres', url: databaseUrl() });
    await admin.initialize();
    app = await startMessaging(ds, {
      namespace,
      consumersEnabled: false,
      outbox: { pollIntervalMs: POLL_MS },
    });
  });

  afterAll(async () => {
    await app?.close();
    await admin?.destroy();
    await cleanUp(schema, namespace);
  });

  const listenerPids = async (): Promise<number[]> =>
    (
      await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query = $2`,
        [appName, `LISTEN ${OUTBOX_NOTIFY_CHANNEL}`],
      )
    ).map((r: { pid: number }) => r.pid);

  const relayedWithin = async (subject: string, ms: number): Promise<number> => {
    const started = Date.now();
    const [event] = await ds.transaction((m) =>
      app.get(OutboxService).enqueue(m, { type: ACCEPTED, subject, data: {} }),
    );
    await eventually(
      `relay of ${subject}`,
      async () =>
        (await ds.query('SELECT published_at FROM outbox WHERE id = $1', [event.id]))[0]
          .published_at !== null,
      ms,
    );
    return Date.now() - started;
  };

  it('re-subscribes after its backend is terminated and relays a new enqueue promptly', async () => {
    const relay = app.get(OutboxRelay);
    await sleep(200); // the first (empty) drain is done; the relay sleeps for POLL_MS now
    expect(await relayedWithin('before-kill', 3_000)).toBeLessThan(3_000);

    const [pid] = await listenerPids();
    expect(pid).toBeDefined();
    const [{ terminated }] = await admin.query('SELECT pg_terminate_backend($1) AS terminated', [
      pid,
    ]);
    expect(terminated).toBe(true);

    await eventually('a new LISTEN session', async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== pid && relay.listening;
    });
    const elapsed = await relayedWithin('after-kill', 3_000);
    expect(elapsed).toBeLessThan(3_000); // the poll interval is 60 s
  });
});
