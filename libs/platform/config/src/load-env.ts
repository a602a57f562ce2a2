import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BaseEnv } from './base-env';

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Parses and validates the environment once, at boot. Every bad variable is listed in one error
 * so an operator fixes them all in one go. Empty strings count as unset.
 */
export function loadEnv<T extends BaseEnv>(
  cls: new () => T,
  source: NodeJS.ProcessEnv = process.env,
): T {
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const env = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return env;
}
