/** One process of tools/services.json. */
export interface RosterEntry {
  name: string;
  port: number;
  kind: 'service' | 'simulator';
  schema: string;
  /** The variable that holds its base URL in a caller. */
  baseUrlEnv?: string;
  /** The services it calls over HTTP (with its SERVICE_API_KEY). */
  calls: string[];
  /** The scope its callees accept its SERVICE_API_KEY with (default `service`). */
  keyScope?: 'service' | 'admin';
}

export interface WiringOptions {
  urlOf: (name: string, port: number) => string;
  /** The user's RETAIL_API_KEYS, to which the service keys are appended. */
  apiKeys: string;
  /** The calling services' keys, from serviceKeys(). */
  keys: Record<string, string>;
}

export function roster(): RosterEntry[];
export function entry(name: string): RosterEntry;
export function serviceKeys(prefix?: string): Record<string, string>;
export function wiringEnv(name: string, options: WiringOptions): Record<string, string>;
