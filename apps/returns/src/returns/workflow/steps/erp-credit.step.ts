import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BackofficeAdapters, CallContext } from '@retail/backoffice-adapters';
import type { ReturnRecord } from '../../domain/return-record';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { StepsRepository } from '../../persistence/steps.repository';
import { BACKOFFICE, StepCommit, StepNotReadyError, WorkflowStep } from '../workflow-step';
import { creditMemoOf } from './erp-ids';

/** The ERP credit memo, upserted under external id = return id, after the ERP authorization. */
@Injectable()
export class ErpCreditStep implements WorkflowStep {
  readonly name = 'erp_credit' as const;

  constructor(
    private readonly db: DataSource,
    @Inject(BACKOFFICE) private readonly backoffice: BackofficeAdapters,
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
  ) {}

  async run(r: ReturnRecord, ctx: CallContext): Promise<StepCommit> {
    if ((await this.steps.state(this.db.manager, r.id, 'erp_authorization')) !== 'done')
      throw new StepNotReadyError('the ERP return authorization is not created yet');
    const result = await this.backoffice.erp.createCreditMemo(creditMemoOf(r), ctx);
    return async (m) => {
      await this.returns.update(m, r.id, { erp_credit_memo_id: result.id });
      await this.returns.addTimeline(m, r.id, r.status, 'erp credit memo', result);
      return result;
    };
  }
}
