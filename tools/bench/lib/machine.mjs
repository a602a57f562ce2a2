// Machine facts, versions and resident memory of the service processes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
};

export function machineFacts() {
  return {
    nproc: Number(run('nproc', [])) || os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: os.totalmem() / 1024 ** 3,
    loadAverage: os.loadavg(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const pkgVersion = (root, name) => {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return 'missing';
  }
};

export async function versions(root, databaseUrl, natsServerInfo) {
  let postgres = 'unknown';
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    postgres = (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    /* reported as unknown */
  } finally {
    await client.end().catch(() => {});
  }
  const out = {
    node: process.version,
    postgresql: postgres,
    'nats-server':
      natsServerInfo ??
      run('nats-server', ['--version'])?.replace(/^nats-server:\s*/, '') ??
      'unknown',
  };
  for (const name of [
    '@nestjs/core',
    '@nestjs/platform-fastify',
    'fastify',
    'typeorm',
    'pg',
    '@nats-io/transport-node',
    '@nats-io/jetstream',
    'autocannon',
  ])
    out[name] = pkgVersion(root, name);
  return out;
}

/** RSS in MB per pid ({ pid: MB }); pids that are gone are left out. */
export function rssOf(pids) {
  const list = pids.filter(Boolean);
  if (list.length === 0) return {};
  const text = run('ps', ['-o', 'pid=,rss=', '-p', list.join(',')]) ?? '';
  const out = {};
  for (const line of text.split('\n')) {
    const [pid, kb] = line.trim().split(/\s+/).map(Number);
    if (pid) out[pid] = kb / 1024;
  }
  return out;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of
 * 10 ms). The difference over a phase, divided by the work done, is a cost that the load of a
 * shared machine does not distort the way throughput ratios are distorted.
 */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring a process's CPU: the returned function gives the CPU ms used since, per unit
 * of work done (null when /proc could not be read or no unit was done).
 */
export function cpuMeter(pid) {
  const before = cpuMsOf(pid);
  return (units) => {
    const after = cpuMsOf(pid);
    return before !== undefined && after !== undefined && units > 0
      ? (after - before) / units
      : null;
  };
}

/** The machine's CPU time so far (ms, all cores): busy (not idle, not waiting for I/O) and total. */
function machineCpuMs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: (total - ticks[3] - ticks[4]) * 10, total: total * 10 };
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring where the CPU goes during a phase: the returned function gives, per unit of
 * work, the CPU ms of each named process and of the whole machine (the rest is PostgreSQL, NATS
 * and the load generator), and the share of the machine's CPU that was busy (near 100%: the phase
 * was bound by the CPU the processes share, not by their waits).
 */
export function cpuBreakdown(pidsByName) {
  const meters = Object.entries(pidsByName).map(([name, pid]) => [name, cpuMeter(pid)]);
  const before = machineCpuMs();
  return (units) => {
    const after = machineCpuMs();
    if (!before || !after || units <= 0) return null;
    const msPerUnit = Object.fromEntries(
      meters.map(([name, meter]) => [name, meter(units)]).filter(([, v]) => v !== null),
    );
    const services = Object.values(msPerUnit).reduce((a, b) => a + b, 0);
    const machine = (after.busy - before.busy) / units;
    return {
      busyShare: (after.busy - before.busy) / (after.total - before.total),
      msPerUnit: { ...msPerUnit, 'rest of the machine': machine - services, machine },
    };
  };
}

/** Samples the RSS of the named processes every second; `take()` returns and resets the maxima. */
export function rssSampler(pidsByName) {
  let max = {};
  const timer = setInterval(() => {
    const names = Object.keys(pidsByName());
    const pids = pidsByName();
    const rss = rssOf(names.map((n) => pids[n]));
    for (const n of names)
      if (rss[pids[n]] !== undefined) max[n] = Math.max(max[n] ?? 0, rss[pids[n]]);
  }, 1000);
  return {
    take() {
      const out = max;
      max = {};
      return out;
    },
    stop: () => clearInterval(timer),
  };
}
