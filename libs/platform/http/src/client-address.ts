import { isIP } from 'net';

/**
 * The proxies whose `X-Forwarded-For` we believe, from `TRUSTED_PROXIES` (comma-separated IP
 * addresses or CIDRs, e.g. `10.0.0.0/8,127.0.0.1`), as Fastify's `trustProxy` option. Empty:
 * `false`, so the client address (`request.ip`, the key of the failed-auth throttle) is the
 * socket's and a client cannot pick its own by sending the header. With proxies listed, Fastify
 * walks the header from the right and stops at the first hop that is not one of them: a client
 * behind our ingress gets its own address, a forged left-most entry is ignored.
 */
export function trustedProxies(spec: string | undefined): string[] | false {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (!family || !prefixOk || rest.length > 0)
      throw new Error(`TRUSTED_PROXIES entry "${entry}" is not an IP address or CIDR`);
  }
  return entries.length > 0 ? entries : false;
}
