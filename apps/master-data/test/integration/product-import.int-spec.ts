import { PRODUCT_CHANGED_SUBJECT } from '@retail/contracts';
import { admin, db, productBody, startMasterData, type MasterDataService } from './support';

const LINES = 20_000;
const line = (i: number, version = 1, extra: object = {}) =>
  JSON.stringify({ sku: `IMP-${i}`, ...productBody(version, { name: `Item ${i}` }), ...extra });

/** Every 1000th line is broken in one of five ways. */
const BROKEN: Array<(i: number) => string> = [
  (i) => line(i).slice(0, 20),
  (i) => JSON.stringify({ sku: `IMP-${i}`, ...productBody(1), name: undefined }),
  (i) => line(i, 1, { status: 'archived' }),
  (i) => line(i, 1, { colour: 'red' }),
  (i) => line(i, 1, { name: 'nul\u0000byte' }),
];

function ndjson(): { body: string; badLines: number[] } {
  const rows: string[] = [];
  const badLines: number[] = [];
  for (let i = 1; i <= LINES; i++) {
    if (i % 1000 === 0) {
      rows.push(BROKEN[(i / 1000) % BROKEN.length](i));
      badLines.push(i);
    } else rows.push(line(i));
  }
  return { body: rows.join('\n') + '\n', badLines };
}

describe('POST /v1/products:import', () => {
  let svc: MasterDataService;
  const importNdjson = (body: string) =>
    svc
      .http()
      .post('/v1/products:import')
      .set({ ...admin, 'content-type': 'application/x-ndjson' })
      .send(body);

  beforeAll(async () => {
    svc = await startMasterData({ MASTERDATA_IMPORT_LOG_EVERY: '5000' });
  });
  afterAll(() => svc?.close());

  it('applies the good lines of a 20,000-line file and reports the bad ones by line number', async () => {
    // A newer version already stored: that line must come back stale, not overwrite it.
    await svc.http().put('/v1/products/IMP-7').set(admin).send(productBody(5)).expect(201);
    const { body, badLines } = ndjson();
    const started = Date.now();
    const res = await importNdjson(body).expect(200);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `import: ${LINES} lines in ${seconds.toFixed(2)} s = ${Math.round(LINES / seconds)} lines/s (handler ${res.body.summary.durationMs} ms)`,
    );

    const good = LINES - badLines.length;
    expect(res.body.summary).toMatchObject({
      lines: LINES,
      created: good - 1,
      updated: 0,
      stale: 1,
      invalid: badLines.length,
    });
    const results: Array<{ line: number; sku?: string; outcome: string; errors?: string[] }> =
      res.body.results;
    expect(results).toHaveLength(LINES);
    const invalid = results.filter((r) => r.outcome === 'invalid');
    expect(invalid.map((r) => r.line)).toEqual(badLines);
    expect(invalid.every((r) => (r.errors ?? []).length > 0)).toBe(true);
    expect(invalid.find((r) => r.line === 2000)?.errors?.join()).toContain('status');
    expect(results.find((r) => r.line === 7)).toMatchObject({ sku: 'IMP-7', outcome: 'stale' });

    const [{ count }] = await db(svc).query(
      "SELECT count(*)::int FROM product WHERE sku LIKE 'IMP-%'",
    );
    expect(count).toBe(good);
    const [{ events }] = await db(svc).query(
      "SELECT count(*)::int AS events FROM outbox WHERE type = $1 AND payload->>'subject' LIKE 'IMP-%'",
      [PRODUCT_CHANGED_SUBJECT],
    );
    expect(events).toBe(good);
    const stored = await svc.http().get('/v1/products/IMP-7').set(admin).expect(200);
    expect(stored.body.version).toBe(5);
    const metrics = (await svc.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/retail_masterdata_import_lines_total\{outcome="invalid"\} \d+/);
    expect(metrics).toMatch(
      /retail_masterdata_products_changed_total\{source="import",outcome="created"\} \d+/,
    );
  }, 120_000);

  it('treats a repeated line as unchanged, a newer one as updated, an older one as stale', async () => {
    const body = [line(1), line(2, 2), line(3, 0), line(2, 3), ''].join('\n');
    const res = await importNdjson(body).expect(200);
    expect(res.body.results).toEqual([
      { line: 1, sku: 'IMP-1', outcome: 'unchanged' },
      { line: 2, sku: 'IMP-2', outcome: 'updated' },
      expect.objectContaining({ line: 3, sku: 'IMP-3', outcome: 'stale' }),
      { line: 4, sku: 'IMP-2', outcome: 'updated' },
    ]);
    const got = await svc.http().get('/v1/products/IMP-2').set(admin).expect(200);
    expect(got.body.version).toBe(3);
  });

  it('refuses JSON (415) and channel keys (403)', async () => {
    await svc.http().post('/v1/products:import').set(admin).send({ sku: 'x' }).expect(415);
    await svc
      .http()
      .post('/v1/products:import')
      .set({ 'x-api-key': 'shopify-key', 'content-type': 'application/x-ndjson' })
      .send(line(1))
      .expect(403);
  });
});
