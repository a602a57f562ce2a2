/** The timestamp formats the vendors use. */

/** Shopify: second precision with an offset, "2024-04-02T09:15:00+00:00". */
export function shopifyTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Amazon SP-API: ISO 8601 UTC, second precision, "2024-04-02T09:15:00Z". */
export function amazonTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** BigCommerce v2: RFC 2822, "Tue, 02 Apr 2024 09:15:00 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** Magento: "2024-04-02 09:15:00" in UTC. */
export function magentoTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses what the vendors accept in filters (ISO 8601, RFC 2822, Magento's format, epoch s). */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const magento = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const ms = Date.parse(magento);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Truncates to whole seconds, as vendors that show second precision compare. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
