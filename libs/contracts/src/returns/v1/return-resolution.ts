/** What the customer gets back. */
export const RETURN_RESOLUTIONS = ['refund', 'exchange', 'store_credit'] as const;
/** What the customer gets back. */
export type ReturnResolution = (typeof RETURN_RESOLUTIONS)[number];
