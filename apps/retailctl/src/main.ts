#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { Api } from './api';
import { dlqCommand } from './commands/dlq';
import { ordersCommand } from './commands/orders';
import { reconcileCommand } from './commands/reconcile';
import { replayCommand } from './commands/replay';
import { traceCommand } from './commands/trace';
import type { Context } from './context';
import { EXIT, exitCodeOf } from './exit-codes';
import { Output } from './output';

/** Builds the program; `exit` receives the command's exit code (tests capture it). */
export function buildProgram(env: NodeJS.ProcessEnv, exit: (code: number) => void): Command {
  const program = new Command('retailctl')
    .description(
      'Operate the retail integration platform from a shell: stuck orders, dead letters, replay, trace',
    )
    .option('--json', 'print results as JSON')
    .option('--api-key <key>', 'admin key (default: $RETAIL_API_KEY, or local-admin-key)')
    .option('--timeout <ms>', 'per-call timeout', '15000')
    .showHelpAfterError()
    .exitOverride();

  const run = async (fn: (ctx: Context) => Promise<number>) => {
    const opts = program.opts<{ json?: boolean; apiKey?: string; timeout: string }>();
    const out = new Output(opts.json === true);
    const api = new Api({
      apiKey: opts.apiKey ?? env.RETAIL_API_KEY ?? 'local-admin-key',
      env,
      timeoutMs: Number(opts.timeout) || 15000,
    });
    try {
      exit(await fn({ api, out }));
    } catch (error) {
      out.progressDone();
      out.error((error as Error).message);
      exit(exitCodeOf(error));
    }
  };
  ordersCommand(program, run);
  dlqCommand(program, run);
  replayCommand(program, run);
  traceCommand(program, run);
  reconcileCommand(program, run);
  return program;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(env, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`retailctl: ${error.message}\n`);
      process.exitCode = EXIT.unavailable;
    },
  );
}
