import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ReturnsConfig } from '../../config/env';
import { ReturnException } from '../domain/return.exception';
import type { ReturnRecord } from '../domain/return-record';
import type { ReturnsRepository } from '../persistence/returns.repository';
import type { StepRow, StepsRepository } from '../persistence/steps.repository';
import { WorkflowRunner } from './workflow.runner';
import { SimulatedCrashError, WorkflowStep } from './workflow-step';

const ret = {
  id: 'r1',
  status: 'dispositioned',
  resolution: 'refund',
  orderChannel: 'shopify',
} as ReturnRecord;
const row = (step: StepRow['step'], attempts = 1): StepRow => ({
  returnId: 'r1',
  step,
  state: 'running',
  attempts,
  updatedAt: '',
});

function setup(step: Partial<WorkflowStep>, env: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const returns = {
    find: jest.fn(async () => ({ ...ret })),
    transition: jest.fn(async (_m: unknown, _id: string, _from: string[], to: string) => {
      calls.push(`status:${to}`);
      return true;
    }),
    addTimeline: jest.fn(async () => undefined),
    recordRefundException: jest.fn(async () => calls.push('refund-exception')),
  } as unknown as ReturnsRepository;
  const steps = {
    state: jest.fn(async () => 'running'),
    complete: jest.fn(async (_m: unknown, _id: string, s: string) => calls.push(`done:${s}`)),
    activate: jest.fn(async (_m: unknown, _id: string, next: string[]) =>
      calls.push(`activate:${next}`),
    ),
    retryLater: jest.fn(async (_id: string, s: string, e: string, ms: number) =>
      calls.push(`retry:${s}:${ms}:${e}`),
    ),
    fail: jest.fn(async (_m: unknown, _id: string, s: string) => calls.push(`failed:${s}`)),
    setStates: jest.fn(async () => undefined),
  } as unknown as StepsRepository;
  const db = {
    transaction: (fn: (m: unknown) => unknown) => fn({}),
    manager: {},
  } as unknown as DataSource;
  const config = {
    env: { RETURNS_STEP_MAX_ATTEMPTS: 3, RETURNS_FAULT_MODE: 'throw', ...env },
  } as unknown as ReturnsConfig;
  const definition = {
    name: 'refund',
    run: async () => async () => ({ ok: true }),
    ...step,
  } as WorkflowStep;
  const sut = new WorkflowRunner(db, returns, steps, [definition], config);
  return { sut, calls };
}

const exceptions = async () =>
  (await register.getSingleMetric('retail_refund_exceptions_total')?.get())?.values ?? [];

describe('WorkflowRunner', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('commits the step, marks it done and activates the next one', async () => {
    const { sut, calls } = setup({});
    await sut.run(row('refund'));
    expect(calls).toEqual(['done:refund', 'activate:erp_credit']);
  });

  it('retries a retryable failure later with back-off', async () => {
    const { sut, calls } = setup({
      run: async () => Promise.reject(new SimulatedCrashError('refund')),
    });
    await sut.run(row('refund', 2));
    expect(calls).toEqual(['retry:refund:2000:simulated crash before step refund']);
  });

  it('throws the fault hook before the configured step runs', async () => {
    const run = jest.fn();
    const { sut, calls } = setup({ run }, { RETURNS_FAULT_BEFORE_STEP: 'refund' });
    await sut.run(row('refund'));
    expect(run).not.toHaveBeenCalled();
    expect(calls[0]).toMatch(/^retry:refund/);
  });

  it('puts the return in exception and counts a refund exception by channel on a permanent failure', async () => {
    const before = (await exceptions()).find((v) => v.labels.channel === 'shopify')?.value ?? 0;
    const { sut, calls } = setup({
      run: async () => Promise.reject(ReturnException.refundException('tax mismatch: line L1')),
    });
    await sut.run(row('refund'));
    expect(calls).toEqual(['failed:refund', 'status:exception', 'refund-exception']);
    const after = (await exceptions()).find((v) => v.labels.channel === 'shopify')?.value;
    expect(after).toBe(before + 1);
  });

  it('gives up on a retryable failure after the last attempt', async () => {
    const { sut, calls } = setup({
      name: 'stock',
      run: async () => Promise.reject(new SimulatedCrashError('x')),
    });
    await sut.run(row('stock', 3));
    expect(calls).toEqual(['failed:stock', 'status:exception']);
  });

  it('skips steps of a rejected return', async () => {
    const { sut, calls } = setup({});
    const s = (sut as unknown as { returns: { find: jest.Mock } }).returns;
    s.find.mockResolvedValueOnce({ ...ret, status: 'rejected' });
    await sut.run(row('refund'));
    expect(calls).toEqual([]);
  });
});
