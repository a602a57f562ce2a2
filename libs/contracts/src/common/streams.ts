/**
 * JetStream streams, one per producing domain plus the dead-letter stream. Names and subject
 * filters are part of the public contract; a deployment namespace (tests, shared clusters) is
 * applied by the messaging platform, never typed here.
 */
export interface StreamDefinition {
  /** Stream name, e.g. `RETAIL_ORDERS`. */
  name: string;
  /** Subject filters the stream captures, e.g. `retail.orders.>`. */
  subjects: string[];
}

/** The producing domains. */
export type Domain = 'orders' | 'inventory' | 'returns' | 'masterdata';

/** Stream per producing domain (`RETAIL_<DOMAIN>` on `retail.<domain>.>`). */
export const DOMAIN_STREAMS: Record<Domain, StreamDefinition> = {
  orders: { name: 'RETAIL_ORDERS', subjects: ['retail.orders.>'] },
  inventory: { name: 'RETAIL_INVENTORY', subjects: ['retail.inventory.>'] },
  returns: { name: 'RETAIL_RETURNS', subjects: ['retail.returns.>'] },
  masterdata: { name: 'RETAIL_MASTERDATA', subjects: ['retail.masterdata.>'] },
};

/**
 * Dead letters: `retail.dlq.<stream>.<consumer>`; the original subject, stream sequence and
 * the failure reason travel in the dead-letter record.
 */
export const DLQ_STREAM: StreamDefinition = { name: 'RETAIL_DLQ', subjects: ['retail.dlq.>'] };

/** Every stream the platform provisions. */
export const ALL_STREAMS: StreamDefinition[] = [...Object.values(DOMAIN_STREAMS), DLQ_STREAM];
