import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  canonicalOrder,
  closedRefundReturn,
  createProducts,
  deliveredOrder,
  seedStock,
} from '../src';
import { ADMIN_KEY, eventually, Stack, startStack } from '../src/stack';

/**
 * Refund reconciliation across the process stack (ADR 0042): returns refunded through the
 * payment provider (the back-office simulator), their ERP credit memos posted by the workflow.
 * Finance then deletes one memo and edits another's amount in the ERP. Two runs started at once
 * on two replicas of returns post the lost memo exactly once and report the edited amount
 * without touching it; a later run (retailctl's) posts nothing.
 */
const DC = 'RR-DC-1';
const STORE = 'RR-STORE-1';
const SKU = 'RR-MUG';

jest.setTimeout(240_000);

const RETAILCTL = join(__dirname, '..', '..', '..', 'dist', 'apps', 'retailctl', 'src', 'main.js');

/** retailctl as on-call runs it: exit code and its --json result. */
const retailctl = (returnsUrl: string, args: string[]) =>
  new Promise<{ code: number; json: any }>((resolve) => {
    const env = { PATH: process.env.PATH, RETAIL_API_KEY: ADMIN_KEY, RETURNS_BASE_URL: returnsUrl };
    execFile(process.execPath, [RETAILCTL, ...args], { env }, (error, stdout) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, json });
    });
  });

const erpId = (returnId: string) => returnId.replace(/[^A-Za-z0-9_-]/g, '_');

describe('refund reconciliation across the stack', () => {
  let stack: Stack;
  let replica: { url: string; stop: () => Promise<void> };

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
      env: {
        returns: {
          RETURNS_APPROVAL_THRESHOLD: '1000000',
          RETURNS_REFUND_RECONCILE_INTERVAL_MINUTES: '0',
        },
      },
    });
    replica = await stack.replica('returns');
    const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
    for (const [id, type] of [
      [DC, 'dc'],
      [STORE, 'store'],
    ]) {
      const capabilities = {
        ship: type === 'dc',
        pickup: false,
        shipFromStore: false,
        returns: true,
      };
      const res = await put(`/v1/locations/${id}`, { name: id, type, capabilities, version: 1 });
      expect(res.status).toBeLessThan(300);
    }
    await createProducts(stack, [SKU]);
    await seedStock(stack, SKU, DC, 50);
  }, 300_000);
  afterAll(async () => {
    await replica?.stop();
    await stack?.stop();
  }, 60_000);

  /** A delivered order of one mug (2000 + 380 tax) returned in store, refunded and closed. */
  const refundedReturn = async () =>
    closedRefundReturn(stack, await deliveredOrder(stack, canonicalOrder(SKU, DC), DC), STORE);

  const memo = (returnId: string) =>
    stack.call(
      'backoffice-simulator',
      'GET',
      `/services/rest/record/v1/creditMemo/eid:${erpId(returnId)}`,
    );

  /** PUTs of a return's credit memo the ERP received (the simulator's call log). */
  const memoPuts = async (returnId: string) => {
    const calls = await stack.call(
      'backoffice-simulator',
      'GET',
      '/admin/calls?system=erp&limit=1000',
    );
    return (calls.body as { method: string; path: string }[]).filter(
      (c) => c.method === 'PUT' && c.path.includes(`creditMemo/eid:${erpId(returnId)}`),
    ).length;
  };

  const startRun = (baseUrl: string, window: { from: string; to: string }) =>
    fetch(`${baseUrl}/v1/reconciliation/refunds/runs`, {
      method: 'POST',
      headers: {
        'x-api-key': ADMIN_KEY,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(window),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  const finished = (runId: string) =>
    eventually(async () => {
      const res = await stack.call('returns', 'GET', `/v1/reconciliation/refunds/runs/${runId}`);
      return ['completed', 'failed'].includes(res.body?.state) && res.body;
    }, 60_000);

  it('posts a credit memo the ERP lost exactly once across two replicas, reports an edited or voided memo untouched, and a later run posts nothing', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const lost = await refundedReturn();
    const edited = await refundedReturn();
    const voided = await refundedReturn();
    expect((await memo(lost)).body.total).toBe(23.8);
    const putsBefore = await memoPuts(lost);
    expect(putsBefore).toBeGreaterThanOrEqual(1);

    // Finance deletes one memo and edits the other's amount in the ERP.
    const deleted = await stack.call(
      'backoffice-simulator',
      'DELETE',
      `/admin/erp/creditMemo/eid:${erpId(lost)}`,
    );
    expect(deleted.status).toBe(204);
    expect((await memo(lost)).status).toBe(404);
    const patched = await stack.call(
      'backoffice-simulator',
      'PATCH',
      `/admin/erp/creditMemo/eid:${erpId(edited)}`,
      { total: 20 },
    );
    expect(patched.status).toBe(204);
    const voiding = await stack.call(
      'backoffice-simulator',
      'PATCH',
      `/admin/erp/creditMemo/eid:${erpId(voided)}`,
      { status: 'Voided' },
    );
    expect(voiding.status).toBe(204);
    const voidedPuts = await memoPuts(voided);

    // Two runs at once, one requested on each replica (each replica's worker may take either).
    const window = { from, to: new Date(Date.now() + 60_000).toISOString() };
    const [a, b] = await Promise.all([
      startRun(stack.url('returns'), window),
      startRun(replica.url, window),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toMatchObject({ state: 'queued', trigger: 'api', dryRun: false });
    const runs = [await finished(a.body.runId), await finished(b.body.runId)];

    expect(runs.map((r) => r.state)).toEqual(['completed', 'completed']);
    expect(await memoPuts(lost)).toBe(putsBefore + 1);
    expect((await memo(lost)).body).toMatchObject({ total: 23.8, status: { refName: 'Open' } });
    expect(runs.reduce((n, r) => n + r.reposted, 0)).toBe(1);
    const about = (run: any, returnId: string) =>
      run.items.filter((i: { returnId?: string; kind: string }) => i.returnId === returnId);
    const corrected = runs.flatMap((r) => about(r, lost));
    expect(corrected).toEqual([
      expect.objectContaining({
        kind: 'missing_in_erp',
        corrected: true,
        ours: expect.objectContaining({ amount: 2380, currency: 'EUR' }),
      }),
    ]);
    for (const run of runs) {
      expect(run.progress.toCheck).toBeGreaterThanOrEqual(3);
      expect(run.progress.checked).toBe(run.progress.toCheck);
      expect(about(run, edited)).toEqual([
        expect.objectContaining({
          kind: 'erp_amount_mismatch',
          ours: expect.objectContaining({ amount: 2380 }),
          erp: expect.objectContaining({ amount: 2000, currency: 'EUR' }),
        }),
      ]);
      expect(about(run, edited)[0].corrected).toBeUndefined();
    }
    for (const run of runs)
      expect(about(run, voided)).toEqual([
        expect.objectContaining({
          kind: 'erp_credit_voided',
          erp: expect.objectContaining({ status: 'Voided' }),
        }),
      ]);
    // Edited and voided memos are the ERP's to correct: they stay as finance left them.
    expect(await memoPuts(voided)).toBe(voidedPuts);
    expect((await memo(voided)).body.status.refName).toBe('Voided');
    expect((await memo(edited)).body.total).toBe(20);
    const timeline = (await stack.call('returns', 'GET', `/v1/returns/${lost}`)).body.timeline;
    expect(
      timeline.filter((t: { event: string }) => t.event === 'erp credit memo reposted'),
    ).toHaveLength(1);

    // A later run finds the lost memo back and posts nothing; the drift is still reported.
    // On-call runs it with retailctl (against the replica), which waits for the end.
    const cli = await retailctl(replica.url, [
      '--json',
      'reconcile',
      'refund-run',
      '--from',
      window.from,
      '--to',
      window.to,
    ]);
    const third = cli.json;
    expect(cli.code).toBe(5); // the edited amount is left for an operator
    expect(third).toMatchObject({ state: 'completed', reposted: 0 });
    expect(about(third, lost)).toEqual([]);
    expect(about(third, edited).map((i: { kind: string }) => i.kind)).toEqual([
      'erp_amount_mismatch',
    ]);
    expect(await memoPuts(lost)).toBe(putsBefore + 1);

    // Operators see it: the findings gauge and the list of runs.
    const metrics = await fetch(`${stack.url('returns')}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /retail_refund_reconciliation_findings\{kind="erp_amount_mismatch"\} [1-9]/,
    );
    expect(metrics).toMatch(/retail_refund_reconciliation_last_completed_timestamp_seconds \d/);
    const listed = await stack.call('returns', 'GET', '/v1/reconciliation/refunds/runs?limit=3');
    expect(listed.body.items.map((r: { runId: string }) => r.runId)).toContain(third.runId);
  });

  it('refuses a bad window with problem+json and records no run', async () => {
    const before = (await stack.call('returns', 'GET', '/v1/reconciliation/refunds/runs?limit=100'))
      .body.items.length;
    const now = new Date().toISOString();
    const backwards = await startRun(stack.url('returns'), { from: now, to: now });
    const unknown = await stack.call(
      'returns',
      'POST',
      '/v1/reconciliation/refunds/runs',
      { from: now, to: now, force: true },
      { 'idempotency-key': randomUUID() },
    );
    const missing = await stack.call('returns', 'GET', '/v1/reconciliation/refunds/runs/rr-none');

    expect([backwards.status, unknown.status, missing.status]).toEqual([422, 422, 404]);
    const after = (await stack.call('returns', 'GET', '/v1/reconciliation/refunds/runs?limit=100'))
      .body.items.length;
    expect(after).toBe(before);
  });
});
