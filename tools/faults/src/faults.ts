import { Ctx, query } from './context';
import { http } from './http';
import { sleep, waitFor } from './infra/processes';
import type { ServiceName } from './infra/stack';
import { erpLimitLoweredPhase } from './erp-governor-phase';

/** A fault schedule played against the order load of its phase. */
export interface FaultPhase {
  name: string;
  description: string;
  inject: (ctx: Ctx, note: (event: string) => void) => Promise<void>;
}

async function simulatorFaults(ctx: Ctx, body: unknown): Promise<void> {
  const res = await http({
    method: 'POST',
    url: `${ctx.stack.url('backoffice-simulator')}/admin/faults`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`simulator /admin/faults answered ${res.status ?? res.error}: ${res.text}`);
  }
}

const ERP_HEALTHY = {
  erp: { mode: 'up', latencyMs: null, errorRate: 0, dropResponseAfterCommit: false },
};

async function killAndRestart(ctx: Ctx, name: ServiceName, note: (e: string) => void) {
  const pid = ctx.stack.pid(name);
  await ctx.stack.kill(name);
  note(`SIGKILL ${name} (pid ${pid})`);
  await sleep(ctx.rng.int(200, 1500));
  const ok = await ctx.stack.restart(name);
  note(`${name} restarted (pid ${ctx.stack.pid(name)}), ready=${ok}`);
  if (!ok)
    throw new Error(
      `${name} did not come back after SIGKILL:\n${ctx.stack.logs(name).slice(-1500)}`,
    );
}

async function pauseFor(
  ctx: Ctx,
  label: string,
  pause: () => boolean,
  resume: () => boolean,
  note: (e: string) => void,
) {
  const ms = ctx.profile.faultHoldMs + ctx.rng.int(0, 1000);
  pause();
  note(`SIGSTOP ${label} for ${ms} ms`);
  try {
    await sleep(ms);
  } finally {
    resume();
    note(`SIGCONT ${label}`);
  }
}

/** Orders of this run waiting for the ERP right now. */
async function awaitingErp(ctx: Ctx): Promise<number> {
  const res = await query<{ n: number }>(
    ctx,
    `SELECT count(*)::int AS n FROM order_ingestion.orders WHERE status = 'awaiting_erp'`,
  );
  return res.error ? 0 : res.rows[0].n;
}

const lead = (ctx: Ctx) => sleep(ctx.rng.int(800, 2000));

export const FAULT_PHASES: FaultPhase[] = [
  {
    name: 'baseline',
    description: 'no fault: the reference run',
    inject: async () => undefined,
  },
  {
    name: 'nats-sigkill',
    description: 'SIGKILL nats-server mid-load, restart after 0.5-2.5 s (same store dir)',
    inject: async (ctx, note) => {
      for (let i = 0; i < ctx.profile.repeatFaults; i++) {
        await lead(ctx);
        const pid = ctx.stack.nats.pid;
        await ctx.stack.nats.kill();
        note(`SIGKILL nats-server (pid ${pid})`);
        await sleep(ctx.rng.int(500, 2500));
        await ctx.stack.nats.start();
        note(`nats-server restarted (pid ${ctx.stack.nats.pid})`);
      }
    },
  },
  {
    name: 'postgres-sigkill',
    description: 'SIGKILL the PostgreSQL postmaster mid-load, wait for its backends, restart',
    inject: async (ctx, note) => {
      for (let i = 0; i < ctx.profile.repeatFaults; i++) {
        await lead(ctx);
        const pid = ctx.stack.pg.pid;
        await ctx.stack.pg.kill();
        note(`SIGKILL postgres postmaster (pid ${pid})`);
        await sleep(ctx.rng.int(500, 2000));
        await ctx.stack.pg.restart();
        note(`postgres restarted (pid ${ctx.stack.pg.pid}) after crash recovery`);
      }
    },
  },
  {
    name: 'service-sigkill',
    description:
      'SIGKILL each service in turn mid-load (order-ingestion, inventory, master-data, returns, channel-sync, simulator), restart',
    inject: async (ctx, note) => {
      const order: ServiceName[] = ctx.rng.shuffle([
        'order-ingestion',
        'inventory',
        'master-data',
        'returns',
        // Mid-pull: its window stays open and resumes; what it forwarded is not sent twice.
        'channel-sync',
        'backoffice-simulator',
      ]);
      for (const name of order) {
        await sleep(ctx.rng.int(300, 1200));
        await killAndRestart(ctx, name, note);
      }
    },
  },
  {
    name: 'sigstop-pauses',
    description: 'SIGSTOP/SIGCONT pauses of order-ingestion, inventory, nats-server and PostgreSQL',
    inject: async (ctx, note) => {
      const s = ctx.stack;
      await lead(ctx);
      await pauseFor(
        ctx,
        'order-ingestion',
        () => s.pause('order-ingestion'),
        () => s.resume('order-ingestion'),
        note,
      );
      await pauseFor(
        ctx,
        'inventory',
        () => s.pause('inventory'),
        () => s.resume('inventory'),
        note,
      );
      await pauseFor(
        ctx,
        'nats-server',
        () => s.nats.pause(),
        () => s.nats.resume(),
        note,
      );
      await pauseFor(
        ctx,
        'postgres',
        () => s.pg.pause(),
        () => s.pg.resume(),
        note,
      );
    },
  },
  {
    name: 'proxy-faults',
    description:
      'fault proxy: PostgreSQL latency 150-400 ms, NATS connections cut, PostgreSQL connections reset, NATS down',
    inject: async (ctx, note) => {
      const { pgProxy, natsProxy } = ctx.stack;
      const hold = ctx.profile.faultHoldMs;
      await lead(ctx);
      pgProxy.latency(150, 250);
      note('postgres link: latency 150 ms + jitter 250 ms');
      await sleep(hold);
      pgProxy.heal();
      note(`nats link: cut ${natsProxy.cut()} connections`);
      await sleep(hold / 2);
      note(`postgres link: reset ${pgProxy.reset()} connections (RST)`);
      await sleep(hold / 2);
      natsProxy.down();
      note('nats link: down (new connections reset)');
      await sleep(hold);
      natsProxy.up();
      note('nats link: up');
    },
  },
  {
    name: 'erp-faults',
    description:
      'ERP down, slow (2 s), throttling (429), then committing sales orders but dropping the response',
    inject: async (ctx, note) => {
      const hold = ctx.profile.faultHoldMs;
      try {
        for (const [label, erp] of [
          ['down', { mode: 'down' }],
          ['slow', { mode: 'slow' }],
          ['throttle', { mode: 'throttle' }],
          ['drop-response-after-commit', { mode: 'up', dropResponseAfterCommit: true }],
          ['errors 30 %', { mode: 'up', dropResponseAfterCommit: false, errorRate: 0.3 }],
        ] as const) {
          await simulatorFaults(ctx, { erp });
          note(`ERP ${label}`);
          await sleep(hold + ctx.rng.int(0, 1000));
        }
      } finally {
        await simulatorFaults(ctx, ERP_HEALTHY);
        note('ERP healthy');
      }
    },
  },
  {
    name: 'erp-outage-compressed',
    description: 'a 20-minute ERP outage compressed in time (breaker and back-off scaled down 60x)',
    inject: async (ctx, note) => {
      await simulatorFaults(ctx, { erp: { mode: 'down' } });
      note(`ERP down for ${ctx.profile.erpOutageMs} ms (stands for 20 min)`);
      let peak = 0;
      try {
        const until = Date.now() + ctx.profile.erpOutageMs;
        while (Date.now() < until) {
          peak = Math.max(peak, await awaitingErp(ctx));
          await sleep(Math.min(1000, Math.max(0, until - Date.now())));
        }
      } finally {
        await simulatorFaults(ctx, ERP_HEALTHY);
        note(`ERP back up; peak of orders in awaiting_erp during the outage (whole run): ${peak}`);
      }
      const up = Date.now();
      const drained = await waitFor(async () => (await awaitingErp(ctx)) === 0, 120_000, 500);
      note(
        `${drained ? 'backlog drained' : 'backlog NOT drained'} ${((Date.now() - up) / 1000).toFixed(1)} s after recovery`,
      );
    },
  },
  erpLimitLoweredPhase,
];

export { simulatorFaults, ERP_HEALTHY };
