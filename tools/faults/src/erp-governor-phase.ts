import type { Ctx } from './context';
import { http } from './http';
import { sleep } from './infra/processes';
import { ADMIN_KEY } from './infra/stack';
import type { FaultPhase } from './faults';

/**
 * Issue 12 B: every service calls the ERP at once (the phase's order load, inventory's on-hand
 * reads for reconciliation, master-data's item-master pull) while the ERP lowers its limit
 * mid-run. The ERP's peak of admitted calls after the change must never exceed the new limit,
 * and the orders of the phase still reach the ERP exactly once (checked like every phase).
 */
const LOWERED = 2;
const LATENCY_MS = 200;

async function call(
  ctx: Ctx,
  service: 'inventory' | 'master-data' | 'backoffice-simulator',
  method: string,
  path: string,
  body?: unknown,
) {
  return http({
    method,
    url: `${ctx.stack.url(service)}${path}`,
    // No content-type without a body: Fastify refuses an empty JSON body.
    headers: {
      'x-api-key': ADMIN_KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: 30_000,
  });
}

async function loop(until: () => boolean, step: () => Promise<unknown>) {
  while (!until()) await step();
}

export const erpLimitLoweredPhase: FaultPhase = {
  name: 'erp-limit-lowered',
  description: `all services on the ERP at once (orders, reconciliation, item sync), the ERP's limit lowered to ${LOWERED} mid-run`,
  inject: async (ctx, note) => {
    await call(ctx, 'backoffice-simulator', 'POST', '/admin/seed/items', {
      count: 200,
      prefix: 'FLT',
    });
    await call(ctx, 'backoffice-simulator', 'POST', '/admin/faults', {
      erp: { mode: 'up', latencyMs: LATENCY_MS },
    });
    const hold = ctx.profile.faultHoldMs;
    const configured = (await call(ctx, 'backoffice-simulator', 'GET', '/admin/faults')).json?.erp
      ?.maxConcurrency as number | null | undefined;
    let done = false;
    const background = Promise.all([
      ...[1, 2, 3].map(() =>
        loop(
          () => done,
          () => call(ctx, 'inventory', 'GET', '/v1/reconciliation/erp'),
        ),
      ),
      loop(
        () => done,
        () => call(ctx, 'master-data', 'POST', '/v1/sync/erp?maxPages=3'),
      ),
    ]);
    try {
      await sleep(hold);
      await call(ctx, 'backoffice-simulator', 'POST', '/admin/faults', {
        erp: { maxConcurrency: LOWERED },
      });
      note(`ERP limit lowered from ${configured} to ${LOWERED} (latency ${LATENCY_MS} ms)`);
      await sleep(Math.max(1000, LATENCY_MS * 3));
      await call(ctx, 'backoffice-simulator', 'POST', '/admin/stats/reset-peaks');
      await sleep(hold * 2);
      const after = (await call(ctx, 'backoffice-simulator', 'GET', '/admin/stats')).json?.erp;
      note(
        `after lowering: peak admitted ${after?.peakConcurrency}, attempted ${after?.peakAttemptedConcurrency}, 429 total ${after?.requests?.overConcurrency}, admitted ${after?.requests?.admitted}`,
      );
      if ((after?.peakConcurrency ?? Infinity) > LOWERED)
        throw new Error(
          `invariant: ERP peak ${after?.peakConcurrency} above its lowered limit ${LOWERED}`,
        );
    } finally {
      done = true;
      await background;
      await call(ctx, 'backoffice-simulator', 'POST', '/admin/faults', {
        erp: { mode: 'up', latencyMs: null, maxConcurrency: configured ?? null },
      });
      note('ERP limit and latency restored');
    }
  },
};
