import {
  DependencyAuthError,
  DependencyRejectedError,
  DependencyUnavailableError,
} from '@retail/platform-http-client';
import { isDependencyOutage, toProblem } from './problem.filter';

describe('toProblem', () => {
  it.each([
    ['a lost connection', Object.assign(new Error('Connection terminated unexpectedly'), {})],
    [
      'a restarting server',
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    ],
    [
      'an admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a client closed under a query', new Error('Client was closed and is not queryable')],
    ['a reset socket without a code', new Error('read ECONNRESET')],
    ['a server gone mid-query', new Error('server closed the connection unexpectedly')],
    [
      'a TypeORM-wrapped connection failure',
      Object.assign(new Error('query failed'), { driverError: { code: '08006' } }),
    ],
  ])('answers 503 with a retry hint for %s', (_label, error) => {
    expect(isDependencyOutage(error)).toBe(true);
    const sut = toProblem(error);
    expect(sut.status).toBe(503);
    expect(sut.retryAfterSeconds).toBe(2);
  });

  it.each([
    ['a deadlock', '40P01'],
    ['a serialization failure', '40001'],
  ])('answers 503 with a retry hint for %s (nothing was written)', (_label, code) => {
    const error = Object.assign(new Error('deadlock detected'), { driverError: { code } });
    const sut = toProblem(error);
    expect(sut.status).toBe(503);
    expect(sut.type).toMatch(/transaction-conflict$/);
    expect(sut.retryAfterSeconds).toBe(1);
  });

  it('keeps 500 for a programming error', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(isDependencyOutage(error)).toBe(false);
    expect(toProblem(error).status).toBe(500);
  });

  it('keeps 500 for a constraint violation', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      driverError: { code: '23505' },
    });
    expect(toProblem(error).status).toBe(500);
  });

  it('answers 503 with its Retry-After when another service is unavailable', () => {
    const error = new DependencyUnavailableError(
      'inventory',
      'HTTP 429',
      false,
      429,
      undefined,
      4500,
    );
    expect(toProblem(error)).toMatchObject({
      status: 503,
      type: expect.stringContaining('dependency-unavailable'),
      dependency: 'inventory',
      retryAfterSeconds: 5,
    });
  });

  it('answers 502 when another service refuses our key or answers unexpectedly', () => {
    const refused = toProblem(new DependencyAuthError('order-ingestion', 'HTTP 401', 401));
    const rejected = toProblem(new DependencyRejectedError('order-ingestion', 'HTTP 400', 400));
    expect(refused).toMatchObject({
      status: 502,
      type: expect.stringContaining('dependency-refused-credentials'),
      dependency: 'order-ingestion',
    });
    expect(rejected).toMatchObject({ status: 502, dependency: 'order-ingestion' });
  });
});
