/** Compares dotted versions numerically (`2.10.0` > `2.9.10`); pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('-')[0].split('.').map(Number);
  const pb = b.split('-')[0].split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export class UnsupportedNatsServerError extends Error {
  constructor(version: string, minimum: string) {
    super(`nats-server ${version} is too old: this service needs ${minimum} or newer`);
  }
}
