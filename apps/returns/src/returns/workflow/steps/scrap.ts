import type {
  ErpInventoryAdjustmentBatch,
  WmsDispositionTransfer,
} from '@retail/backoffice-adapters';
import type { ReturnLineRecord, ReturnRecord } from '../../domain/return-record';
import { erpSafe } from './erp-ids';

/** Where scrapped units go and which ERP account carries their write-off (ADR 0040). */
export interface ScrapPolicy {
  /** The WMS id of the liquidation partner; unset = destroyed where received. */
  liquidationPartnerId?: string;
  scrapAccountId?: string;
}

export const scrappedLines = (r: ReturnRecord): ReturnLineRecord[] =>
  r.lines.filter((l) => l.disposition === 'scrap');

/**
 * The ERP write-off of a return's scrapped units: one adjustment batch per return (batch id
 * `<returnId>-scrap`, so a retry is applied once), taking the units out of the receiving
 * location, where the ERP's return authorization brought them back, against the scrap account.
 */
export function scrapWriteOff(
  r: ReturnRecord,
  policy: ScrapPolicy,
): ErpInventoryAdjustmentBatch | undefined {
  const lines = scrappedLines(r);
  if (lines.length === 0) return undefined;
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  return {
    batchId: erpSafe(`${r.id}-scrap`),
    adjustmentDate: (r.inspectedAt ?? r.createdAt).slice(0, 10),
    memo: `scrap: ${units} unit(s) of return ${r.id} (order ${r.orderId}) written off`,
    ...(policy.scrapAccountId ? { accountId: policy.scrapAccountId } : {}),
    lines: lines.map((l) => ({
      itemId: l.erpItemId,
      locationId: r.locationId,
      quantityDelta: -l.quantity,
    })),
  };
}

/**
 * The liquidation transfer of a return's scrapped units: one disposition transfer per return
 * (key `<returnId>-liquidation`), lots named, when a partner is configured.
 */
export function liquidationTransfer(
  r: ReturnRecord,
  policy: ScrapPolicy,
): WmsDispositionTransfer | undefined {
  const lines = scrappedLines(r);
  if (lines.length === 0 || !policy.liquidationPartnerId) return undefined;
  return {
    requestId: `${r.id}-liquidation`,
    fromLocationId: r.locationId,
    partnerId: policy.liquidationPartnerId,
    dispositionType: 'LIQUIDATION',
    reference: r.id,
    notes: `scrapped units of return ${r.id}`,
    lines: lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      ...(l.lotNumber ? { lotNumber: l.lotNumber } : {}),
    })),
  };
}
