import { SimulatorConfig } from '../config/env';
import { DropConnectionError, SimulatorHttpError } from '../common/simulator-http.error';
import { FaultsService } from './faults.service';

const CONFIG: SimulatorConfig = {
  port: 0,
  databaseUrl: 'postgres://x/test',
  schema: 's',
  erpMaxConcurrency: 2,
  wmsShipmentDelayMs: null,
  wmsPollMs: 100,
};

describe('FaultsService', () => {
  const make = (random = () => 0.5) => new FaultsService(CONFIG, random);

  it('admits up to maxConcurrency and rejects the rest with 429, counting exactly', () => {
    const sut = make();

    const admitted = [sut.enter('erp'), sut.enter('erp')];
    const rejected = sut.enter('erp');

    expect(admitted.every((a) => a.rejection === undefined)).toBe(true);
    expect(rejected.rejection).toMatchObject({ status: 429, code: 'CONCURRENCY_LIMIT_EXCEEDED' });
    expect(sut.counters('erp')).toMatchObject({
      inFlight: 3,
      // The ERP ran two at once; the third was refused and never ran.
      peakConcurrency: 2,
      peakAttemptedConcurrency: 3,
    });
    sut.leave(rejected);
    sut.leave(admitted[0]);
    expect(sut.enter('erp').rejection).toBeUndefined();
    expect(sut.counters('erp').requests).toMatchObject({
      total: 4,
      admitted: 3,
      overConcurrency: 1,
    });
  });

  it('keeps systems apart: the ERP limit does not apply to payments', () => {
    const sut = make();
    for (let i = 0; i < 5; i++) expect(sut.enter('payments').rejection).toBeUndefined();
  });

  it('answers 503 when down and 429 when throttling', () => {
    const sut = make();
    sut.update({ erp: { mode: 'down' }, wms: { mode: 'throttle' } });

    expect(sut.enter('erp').rejection).toMatchObject({ status: 503 });
    expect(sut.enter('wms').rejection).toMatchObject({
      status: 429,
      code: 'REQUEST_LIMIT_EXCEEDED',
    });
  });

  it('refuses every request with 400 USER_ERROR when rejecting, counting it', () => {
    const sut = make();
    sut.update({ erp: { mode: 'reject' } });

    expect(sut.enter('erp').rejection).toMatchObject({ status: 400, code: 'USER_ERROR' });
    expect(sut.counters('erp').requests).toMatchObject({ total: 1, admitted: 0, rejected: 1 });
  });

  it('injects a 500 when the random draw is below errorRate', async () => {
    const sut = make(() => 0.1);
    sut.update({ tax: { errorRate: 0.2 } });

    await expect(sut.beforeHandler(sut.enter('tax'))).rejects.toBeInstanceOf(SimulatorHttpError);
    expect(sut.counters('tax').requests.injectedErrors).toBe(1);
  });

  it('drops the response after commit when asked', () => {
    const sut = make();
    sut.update({ erp: { dropResponseAfterCommit: true } });

    expect(() => sut.afterCommit(sut.enter('erp'))).toThrow(DropConnectionError);
  });

  it('reset restores defaults and restarts peaks from what is in flight', () => {
    const sut = make();
    sut.update({ erp: { maxConcurrency: null, mode: 'slow' } });
    sut.enter('erp');
    sut.enter('erp');
    sut.enter('erp');

    sut.reset();

    expect(sut.current().erp).toMatchObject({ mode: 'up', maxConcurrency: 2 });
    expect(sut.counters('erp')).toMatchObject({ inFlight: 3, peakConcurrency: 3 });
    expect(sut.counters('erp').requests.total).toBe(0);
  });
});
