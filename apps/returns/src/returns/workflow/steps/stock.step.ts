import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { BackofficeAdapters, CallContext } from '@retail/backoffice-adapters';
import type { InventoryMovement } from '@retail/contracts';
import type { ReturnsConfig } from '../../../config/env';
import type { ReturnLineRecord, ReturnRecord } from '../../domain/return-record';
import { INVENTORY_CLIENT, InventoryClient } from '../../ports/inventory-client';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { BACKOFFICE, StepCommit, WorkflowStep } from '../workflow-step';
import { liquidationTransfer, ScrapPolicy, scrappedLines, scrapWriteOff } from './scrap';

/**
 * Stock after inspection, at the receiving location. One request per return, so inventory
 * applies it in one transaction: resellable units are restocked (available); quarantined units
 * are restocked and damaged together, so they never show as available. Event ids derive from
 * the return and line: a repeat is a `duplicate`, never a second movement.
 */
export function movementsFor(r: ReturnRecord): InventoryMovement[] {
  const sequence = new Date(r.inspectedAt ?? r.createdAt).getTime();
  const movement = (l: ReturnLineRecord, type: 'return_restock' | 'damage'): InventoryMovement => ({
    eventId: `${r.id}-${l.lineId}-${type}`,
    source: 'returns',
    sourceSequence: sequence,
    occurredAt: r.inspectedAt ?? r.createdAt,
    type,
    sku: l.sku,
    locationId: r.locationId,
    quantity: l.quantity,
    reason: `return ${r.id} ${l.condition}`,
  });
  return r.lines.flatMap((l) => {
    if (l.disposition === 'resellable') return [movement(l, 'return_restock')];
    if (l.disposition === 'quarantine')
      return [movement(l, 'return_restock'), movement(l, 'damage')];
    return [];
  });
}

/**
 * Scrapped units never become stock here: the ERP writes them off and, when a liquidation partner
 * is configured, the WMS hands them over (ADR 0040), each exactly once by its key.
 */
@Injectable()
export class StockStep implements WorkflowStep {
  readonly name = 'stock' as const;
  private readonly scrapPolicy: ScrapPolicy;

  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: InventoryClient,
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {
    this.scrapPolicy = {
      liquidationPartnerId: config.env.RETURNS_LIQUIDATION_PARTNER_ID,
      scrapAccountId: config.env.RETURNS_SCRAP_ACCOUNT_ID,
    };
  }

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    const movements = movementsFor(r);
    const results = movements.length ? await this.inventory.recordMovements(movements) : [];
    const transfers = await this.transfers(r, ctx);
    const scrap = await this.scrap(r, ctx);
    const scrapped = scrappedLines(r).map((l) => l.lineId);
    return async (m) => {
      await this.returns.transition(m, r.id, ['inspected'], 'dispositioned');
      const detail = {
        movements: results.map((x) => ({ eventId: x.eventId, status: x.status })),
        transfers,
        scrapped,
        ...(scrap ? { scrap } : {}),
      };
      await this.returns.addTimeline(m, r.id, 'dispositioned', 'dispositioned', detail);
      return detail;
    };
  }

  private async scrap(r: ReturnRecord, ctx: CallContext) {
    const writeOff = scrapWriteOff(r, this.scrapPolicy);
    if (!writeOff) return undefined;
    const posted = await this.backoffice.erp.postInventoryAdjustments(writeOff, ctx);
    const transfer = liquidationTransfer(r, this.scrapPolicy);
    const liquidation = transfer
      ? await this.backoffice.wms.requestDispositionTransfer(transfer, ctx)
      : undefined;
    return {
      writeOff: { batchId: writeOff.batchId, erpAdjustmentId: posted.id, created: posted.created },
      ...(liquidation
        ? {
            liquidation: {
              partnerId: transfer!.partnerId,
              wmsRequestId: liquidation.wmsRequestId,
              duplicate: liquidation.duplicate,
            },
          }
        : {}),
    };
  }

  /** Refurbishable units go to the refurbishment location; they never become available here. */
  private async transfers(r: ReturnRecord, ctx: CallContext) {
    const lines = r.lines.filter((l) => l.disposition === 'refurbishable');
    if (lines.length === 0) return [];
    const result = await this.backoffice.wms.requestTransfer(
      {
        requestId: `${r.id}-refurbish`,
        fromLocationId: r.locationId,
        toLocationId: this.config.env.RETURNS_REFURBISH_LOCATION_ID,
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      },
      ctx,
    );
    return [
      {
        wmsRequestId: result.wmsRequestId,
        duplicate: result.duplicate,
        lines: lines.map((l) => l.lineId),
      },
    ];
  }
}
