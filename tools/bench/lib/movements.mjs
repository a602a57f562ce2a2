// Inventory movements as stock sources send them: several sources with increasing sequences,
// delivered out of order (shuffled within a batch, some held back to a later batch),
// ~10% re-sent (duplicates) and a few snapshots (which make older deltas stale).
const TYPES = [
  ['receipt', 0.45],
  ['sale', 0.3],
  ['adjustment', 0.23],
  ['snapshot', 0.02],
];

function pickType(rand) {
  let acc = 0;
  for (const [type, share] of TYPES) if (rand < (acc += share)) return type;
  return 'receipt';
}

function quantityOf(type, rand) {
  if (type === 'snapshot') return 1_000_000;
  if (type === 'adjustment')
    return rand < 0.5 ? -(1 + Math.floor(rand * 8)) : 1 + Math.floor(rand * 8);
  return 1 + Math.floor(rand * 5);
}

export function movementSource({
  prefix,
  skus,
  locationId,
  batchSize,
  dupShare = 0.1,
  sources = 4,
}) {
  const seq = new Map();
  const recent = [];
  let held = [];
  let n = 0;
  const fresh = () => {
    const source = `${prefix}-wms-${n % sources}`;
    const next = (seq.get(source) ?? 0) + 1;
    seq.set(source, next);
    const type = pickType(Math.random());
    const m = {
      eventId: `${prefix}-mv-${n++}`,
      source,
      sourceSequence: next,
      occurredAt: new Date().toISOString(),
      type,
      sku: skus[Math.floor(Math.random() * skus.length)],
      locationId,
      quantity: quantityOf(type, Math.random()),
    };
    return m;
  };
  /** The next batch: held-back movements first, then fresh and duplicated ones, shuffled. */
  return function nextBatch() {
    const batch = held;
    held = [];
    while (batch.length < batchSize) {
      const dup = recent.length > 0 && Math.random() < dupShare;
      // (recent holds movements already sent in earlier batches)
      const m = dup ? recent[Math.floor(Math.random() * recent.length)] : fresh();
      if (dup && batch.includes(m)) continue;
      if (!dup && Math.random() < 0.05) held.push(m);
      else batch.push(m);
    }
    // Duplicates repeat movements of earlier batches only (a source re-sending a flush).
    for (const m of batch) if (!recent.includes(m)) recent.push(m);
    while (recent.length > 1000) recent.shift();
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    return batch;
  };
}
