import { Inject, Injectable } from '@nestjs/common';
import type { BackofficeAdapters, CallContext } from '@retail/backoffice-adapters';
import type { ReturnRecord } from '../../domain/return-record';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { BACKOFFICE, StepCommit, WorkflowStep } from '../workflow-step';
import { erpCustomerId, erpSafe, salesOrderExternalId } from './erp-ids';

/** The ERP return authorization, upserted under external id = return id (exactly once). */
@Injectable()
export class ErpAuthorizationStep implements WorkflowStep {
  readonly name = 'erp_authorization' as const;

  constructor(
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    const result = await this.backoffice.erp.createReturnAuthorization(
      {
        externalId: erpSafe(r.id),
        salesOrderExternalId: salesOrderExternalId(r),
        customerId: erpCustomerId(r),
        returnDate: r.createdAt,
        currency: r.currency,
        memo: `Return ${r.id} of order ${r.orderId}`,
        lines: r.lines.map((l) => ({
          lineId: l.lineId,
          itemId: l.erpItemId,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          discount: l.discountShare,
          tax: l.taxShare,
        })),
      },
      ctx,
    );
    return async (m) => {
      await this.returns.addTimeline(m, r.id, r.status, 'erp return authorization', result);
      return result;
    };
  }
}
