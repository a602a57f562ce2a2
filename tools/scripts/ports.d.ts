/** True when nothing listens on `port` at 127.0.0.1 now. */
export function portFree(port: number): Promise<boolean>;
/** A port of this process's block, below the ephemeral range, that nothing listens on. */
export function freePort(): Promise<number>;
