import type { Ctx } from './context';
import type { FaultPhase } from './faults';
import { sleep } from './infra/processes';
import { NATS_NAMESPACE, ServiceName } from './infra/stack';
import type { NatsCluster } from './infra/nats-cluster';

/** The stream whose leader the leader-kill phase hunts: the orders' events. */
export const LEADER_STREAM = `${NATS_NAMESPACE.toUpperCase()}_RETAIL_ORDERS`;

const lead = (ctx: Ctx) => sleep(ctx.rng.int(800, 2000));

function clusterOf(ctx: Ctx): NatsCluster {
  const c = ctx.stack.natsCluster;
  if (!c) throw new Error('needs the cluster topology (--profile cluster)');
  return c;
}

/** The services with several replicas (the simulators stand for outside systems: one each). */
export function replicated(ctx: Ctx): ServiceName[] {
  return Object.keys(ctx.stack.ports.services).filter((s) => ctx.stack.instances(s).length > 1);
}

async function leaderOf(c: NatsCluster, stream: string): Promise<number | undefined> {
  return c.streamLeader(stream).catch(() => undefined);
}

/**
 * A Kubernetes rollout of every replicated service, replica by replica (maxUnavailable 1,
 * maxSurge 0): out of the balancer, SIGTERM (SIGKILL after 10 s), a new process, back once ready.
 */
async function rollout(ctx: Ctx, note: (e: string) => void): Promise<void> {
  for (const name of replicated(ctx)) {
    for (const [r] of ctx.stack.instances(name).entries()) {
      const pid = ctx.stack.pid(name, r);
      const ok = await ctx.stack.restartReplica(name, r, 180_000);
      note(
        `rollout: ${name} replica ${r} (pid ${pid}) SIGTERMed and replaced (pid ${ctx.stack.pid(name, r)}), ready=${ok}`,
      );
      if (!ok) throw new Error(`${name} replica ${r} not ready after its replacement`);
    }
  }
}

export const CLUSTER_PHASES: FaultPhase[] = [
  {
    name: 'nats-leader-kill',
    description: `SIGKILL the NATS node leading ${LEADER_STREAM} mid-load, restart it after the hold (same store)`,
    inject: async (ctx, note) => {
      const c = clusterOf(ctx);
      for (let i = 0; i < ctx.profile.repeatFaults; i++) {
        await lead(ctx);
        const leader = await leaderOf(c, LEADER_STREAM);
        if (leader === undefined) throw new Error(`${LEADER_STREAM} has no leader to kill`);
        const node = c.nodes[leader];
        const pid = node.pid;
        await node.kill();
        note(`SIGKILL ${node.name}, leader of ${LEADER_STREAM} (pid ${pid})`);
        await sleep(ctx.profile.faultHoldMs + ctx.rng.int(0, 1000));
        const next = await leaderOf(c, LEADER_STREAM);
        note(
          `leader while ${node.name} is down: ${next === undefined ? 'none' : c.nodes[next].name}`,
        );
        await node.start();
        note(`${node.name} restarted (pid ${node.pid})`);
      }
    },
  },
  {
    name: 'nats-isolate',
    description:
      'one NATS node cut off from its peers and its clients through the fault proxies, then healed',
    inject: async (ctx, note) => {
      const c = clusterOf(ctx);
      for (let i = 0; i < ctx.profile.repeatFaults; i++) {
        await lead(ctx);
        // The leader when there is one (the harder case: it must step down), else any node.
        const target = (await leaderOf(c, LEADER_STREAM)) ?? ctx.rng.int(0, 2);
        c.isolate(target);
        note(
          `${c.nodes[target].name} isolated (clients and routes reset, new connections refused)`,
        );
        await sleep(ctx.profile.faultHoldMs * 2 + ctx.rng.int(0, 1000));
        const during = await leaderOf(c, LEADER_STREAM);
        c.heal();
        note(
          `healed; ${LEADER_STREAM} leader during the isolation: ${during === undefined ? 'none' : c.nodes[during].name}`,
        );
      }
    },
  },
  {
    name: 'replica-sigkill',
    description:
      'SIGKILL one replica of each service in turn mid-load; the other keeps serving and takes over its leases; the killed one comes back after the hold',
    inject: async (ctx, note) => {
      const services = ctx.rng.shuffle(replicated(ctx));
      for (const name of services) {
        await sleep(ctx.rng.int(300, 1200));
        const r = ctx.rng.int(0, ctx.stack.instances(name).length - 1);
        const pid = ctx.stack.pid(name, r);
        await ctx.stack.killReplica(name, r);
        note(`SIGKILL ${name} replica ${r} (pid ${pid})`);
        // Restarted in the background after the hold: the next service's kill does not wait.
        void sleep(ctx.profile.faultHoldMs).then(async () => {
          const ok = await ctx.stack.restartReplica(name, r, 180_000);
          note(`${name} replica ${r} back (pid ${ctx.stack.pid(name, r)}), ready=${ok}`);
        });
      }
      await sleep(ctx.profile.faultHoldMs + 1000);
      for (const name of services) await ctx.stack.waitReady(name, 180_000);
    },
  },
  {
    name: 'rolling-restart',
    description:
      'a rollout of every service during load: each replica SIGTERMed and replaced, one at a time',
    inject: async (ctx, note) => {
      await lead(ctx);
      await rollout(ctx, note);
    },
  },
  {
    name: 'postgres-restart-during-rollout',
    description:
      'a rollout of every service, and PostgreSQL restarted (fast shutdown, start) while it is under way',
    inject: async (ctx, note) => {
      await lead(ctx);
      const rolling = rollout(ctx, note);
      rolling.catch(() => undefined);
      await sleep(ctx.rng.int(3000, 8000));
      const pid = ctx.stack.pg.pid;
      await ctx.stack.pg.stop();
      note(`PostgreSQL stopped (fast shutdown, pid ${pid})`);
      await sleep(ctx.rng.int(500, 2000));
      await ctx.stack.pg.start();
      note(`PostgreSQL started again (pid ${ctx.stack.pg.pid})`);
      await rolling;
    },
  },
];
