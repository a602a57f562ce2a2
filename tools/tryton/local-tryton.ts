import { spawnSync } from 'child_process';
import { join } from 'path';
import { Client } from 'pg';

/** The local Tryton tools/tryton/setup.sh prepares (defaults shared with the script). */
export interface LocalTryton {
  baseUrl: string;
  database: string;
  user: string;
  password: string;
  /** The Tryton database on the local PostgreSQL, for counting in Tryton's own tables. */
  databaseUrl: string;
}

const SCRIPT = join(__dirname, 'setup.sh');

export function localTryton(env: NodeJS.ProcessEnv = process.env): LocalTryton {
  const port = env.TRYTON_PORT ?? '8000';
  const database = env.TRYTON_DATABASE ?? 'tryton';
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    user: 'admin',
    password: env.TRYTON_ADMIN_PASSWORD ?? 'admin',
    databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
  };
}

/**
 * Runs `tools/tryton/setup.sh <action>` and throws one clear error when it fails: a suite that
 * needs Tryton fails (never skips) when Tryton cannot be prepared.
 */
export function trytonSetup(
  action: 'all' | 'prepare' | 'start' | 'stop' | 'kill' = 'all',
  /** Each suite that stops trytond runs its own on its own port (one database for all). */
  port = process.env.TRYTON_PORT ?? '8000',
): LocalTryton {
  const run = spawnSync('bash', [SCRIPT, action], {
    encoding: 'utf8',
    timeout: 30 * 60_000,
    env: { ...process.env, TRYTON_PORT: port },
  });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n');
    throw new Error(
      `Tryton could not be prepared (tools/tryton/setup.sh ${action} exited ${run.status ?? run.signal}` +
        `${run.error ? `: ${run.error.message}` : ''}):\n${output}`,
    );
  }
  return localTryton({ ...process.env, TRYTON_PORT: port });
}

/** One query on Tryton's own database (its tables, not the middleware's). */
export async function trytonQuery<T extends Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: localTryton().databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
