import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Inspection } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { FieldError } from '@retail/platform-http';
import { OutboxService } from '@retail/platform-messaging';
import type { ReturnsConfig } from '../../config/env';
import { dispositionFor, DispositionPolicy, parsePolicy } from '../domain/disposition';
import { inspectedEvent } from '../domain/return-events';
import { ReturnException } from '../domain/return.exception';
import type { ReturnRecord } from '../domain/return-record';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepsRepository } from '../persistence/steps.repository';
import { nextSteps } from '../workflow/step-names';

function inspectionErrors(r: ReturnRecord, inspection: Inspection): FieldError[] {
  const errors: FieldError[] = [];
  const given = new Set<string>();
  inspection.lines.forEach((l, i) => {
    if (!r.lines.some((x) => x.lineId === l.lineId))
      errors.push({
        field: `lines.${i}.lineId`,
        message: `line ${l.lineId} is not on return ${r.id}`,
      });
    if (given.has(l.lineId))
      errors.push({ field: `lines.${i}.lineId`, message: `line ${l.lineId} is listed twice` });
    given.add(l.lineId);
  });
  for (const line of r.lines)
    if (!given.has(line.lineId))
      errors.push({ field: 'lines', message: `line ${line.lineId} was not inspected` });
  return errors;
}

/**
 * Inspection: the condition of every line decides its disposition by rule. The stock step
 * (movements, WMS transfers) becomes due only now, so nothing is available before inspection.
 */
@Injectable()
export class InspectReturnHandler {
  private readonly policy: DispositionPolicy;

  constructor(
    private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
    private readonly outbox: OutboxService,
    @Inject(SERVICE_CONFIG) config: ReturnsConfig,
  ) {
    this.policy = parsePolicy(config.env.RETURNS_REFURBISH_SKU_PREFIXES);
  }

  async execute(id: string, inspection: Inspection) {
    return this.db.transaction(async (m) => {
      const r = await this.returns.find(id, m, true);
      if (!r) throw ReturnException.notFound(id);
      if (r.status !== 'received') throw ReturnException.wrongState(id, r.status, 'inspect');
      const errors = inspectionErrors(r, inspection);
      if (errors.length) throw ReturnException.invalidInspection(errors);
      for (const l of inspection.lines) {
        const line = r.lines.find((x) => x.lineId === l.lineId)!;
        line.condition = l.condition;
        line.disposition = dispositionFor(l.condition, line, this.policy);
        await this.returns.setLineOutcome(m, id, l.lineId, { ...line, notes: l.notes });
      }
      const at = new Date();
      await this.returns.transition(m, id, ['received'], 'inspected', { inspected_at: at });
      const outcome = r.lines.map((l) => ({
        lineId: l.lineId,
        condition: l.condition,
        disposition: l.disposition,
      }));
      await this.steps.complete(m, id, 'inspect', outcome);
      await this.steps.activate(m, id, nextSteps(r, 'inspect'));
      await this.returns.addTimeline(m, id, 'inspected', 'inspected', outcome);
      await this.outbox.enqueue(m, inspectedEvent(r, at));
      return { returnId: id, status: 'inspected', lines: outcome };
    });
  }
}
