import type { DataSource } from 'typeorm';
import type { OutboxService } from '@retail/platform-messaging';
import type { ReturnRecord } from '../../domain/return-record';
import type { LedgerRepository } from '../../persistence/ledger.repository';
import type { ReturnsRepository } from '../../persistence/returns.repository';
import type { StepsRepository } from '../../persistence/steps.repository';
import { AdvanceDueStep } from './advance-due.step';
import type { ExchangeCharges } from './exchange.step';

/** The end of an advance window for a return whose goods are no longer out (ADR 0043). */
describe('AdvanceDueStep when the window ends after the goods came back', () => {
  const ctx = { correlationId: 'c' };
  const returnIn = (status: string, receivedAt?: string) =>
    ({
      id: 'r1',
      status,
      receivedAt,
      exchange: { advance: true, hold: { state: 'held', authorizationId: 'pi_1' } },
    }) as unknown as ReturnRecord;

  function sut() {
    const charges = { release: jest.fn(async () => undefined), capture: jest.fn() };
    const returns = { addTimeline: jest.fn(async () => undefined) };
    const step = new AdvanceDueStep(
      {} as DataSource,
      returns as unknown as ReturnsRepository,
      {} as StepsRepository,
      {} as LedgerRepository,
      {} as OutboxService,
      charges as unknown as ExchangeCharges,
    );
    return { step, charges, returns };
  }

  it.each(['received', 'inspected', 'closed', 'rejected'])(
    'voids the hold of a return %s, captures nothing',
    async (status) => {
      const { step, charges, returns } = sut();
      const commit = await step.run(returnIn(status, '2026-12-01T00:00:00Z'), ctx);
      expect(charges.release).toHaveBeenCalledTimes(1);
      expect(charges.capture).not.toHaveBeenCalled();
      await expect(commit({} as never)).resolves.toEqual({ lapsed: false, status });
      expect(returns.addTimeline).toHaveBeenCalledTimes(1);
    },
  );

  it('leaves the hold of a return in exception to the operator', async () => {
    const { step, charges } = sut();
    await step.run(returnIn('exception', '2026-12-01T00:00:00Z'), ctx);
    expect(charges.release).not.toHaveBeenCalled();
    expect(charges.capture).not.toHaveBeenCalled();
  });
});
