import type { DataSource } from 'typeorm';
import { RELAY_LOCK, SELECT_BATCH } from '../../src/outbox/outbox-relay';
import { cleanUp, createDataSource, isolation } from './harness';

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * The relay's batch SELECT reads the partial index of unpublished rows with a plain index scan
 * (ADR 0051): a bitmap scan would visit the heap block of every published row's dead index entry
 * on every pass until VACUUM.
 */
describe('outbox relay scan (integration)', () => {
  const { schema, namespace } = isolation('messaging_scan');
  let ds: DataSource;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    // A burst's worth of published rows (their index entries dead), then three to publish; the
    // table not analysed yet, as in a burst before autovacuum gets to it (the planner's default
    // choice is then a bitmap scan).
    await ds.query(
      `INSERT INTO outbox (id, subject, type, payload)
       SELECT gen_random_uuid(), 'retail.test.' || g, 'test', jsonb_build_object('n', g)
       FROM generate_series(1, 3000) g`,
    );
    await ds.query('UPDATE outbox SET published_at = now()');
    await ds.query(
      `INSERT INTO outbox (id, subject, type, payload)
       SELECT gen_random_uuid(), 'retail.todo.' || g, 'test', '{}'::jsonb
       FROM generate_series(1, 3) g`,
    );
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await cleanUp(schema, namespace);
  });

  const planInRelayTransaction = () =>
    ds.transaction(async (m) => {
      const [{ locked }] = await m.query(RELAY_LOCK);
      expect(locked).toBe(true);
      const [{ 'QUERY PLAN': plan }] = await m.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${SELECT_BATCH}`,
        [500],
      );
      return plan[0] as { Plan: PlanNode & { 'Actual Rows': number } };
    });

  it('finds the unpublished rows with a plain index scan, never a bitmap scan', async () => {
    for (let pass = 0; pass < 2; pass++) {
      const { Plan } = await planInRelayTransaction();
      const types = nodes(Plan).map((n) => n['Node Type']);
      expect(types.filter((t) => t.startsWith('Bitmap'))).toEqual([]);
      expect(nodes(Plan)).toContainEqual(
        expect.objectContaining({
          'Node Type': 'Index Scan',
          'Index Name': 'outbox_unpublished_idx',
        }),
      );
      expect(Plan['Actual Rows']).toBe(3);
    }
  });

  it('leaves bitmap scans on for the connection once the batch is over', async () => {
    await planInRelayTransaction();
    const [{ enable_bitmapscan }] = await ds.query('SHOW enable_bitmapscan');
    expect(enable_bitmapscan).toBe('on');
  });
});
