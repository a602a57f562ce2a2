/** Condition of a returned item found at inspection. */
export const ITEM_CONDITIONS = ['new', 'opened', 'damaged', 'defective'] as const;
/** Condition of a returned item. */
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];
