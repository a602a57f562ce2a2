import { Writable } from 'stream';
import pino from 'pino';
import { pinoParams } from './logger';
import { CENSORED, redactDeep } from './redact';

describe('redactDeep', () => {
  it('censors every personal field at any depth, in arrays too, and keeps the rest', () => {
    const logged = redactDeep({
      orderId: 'o-1',
      job: { name: 'pipeline' },
      payload: {
        data: {
          order: {
            customer: { customerId: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com' },
            lines: [{ sku: 'S', shipTo: { Line1: 'Street 1', postal_code: '50667' } }],
            payments: [{ reference: 'p-1', card_number: '4111' }],
          },
        },
      },
      headers: { 'x-api-key': 'k', Authorization: 'Bearer t' },
    }) as any;
    const text = JSON.stringify(logged);
    for (const secret of ['Ada', 'ada@', 'Street 1', '50667', '4111', 'Bearer', '"k"'])
      expect(text).not.toContain(secret);
    expect(logged.orderId).toBe('o-1');
    expect(logged.job.name).toBe('pipeline');
    expect(logged.payload.data.order.customer).toEqual({
      customerId: 'c-1',
      name: CENSORED,
      email: CENSORED,
    });
    expect(logged.payload.data.order.lines[0].sku).toBe('S');
  });

  it('drops the SQL parameters and PostgreSQL detail of a failed query, also as a cause', () => {
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO customers (email) VALUES ($1)',
      parameters: ['ada@example.com'],
      driverError: { code: '23505', detail: 'Key (email)=(ada@example.com) already exists.' },
    });
    const wrapped = new Error('could not save', { cause: failed });
    const text = JSON.stringify(redactDeep({ err: wrapped, context: { parameters: [1, 'x'] } }));
    expect(text).not.toContain('ada@example.com');
    expect(text).toContain('23505');
    expect(text).toContain('INSERT INTO customers');
  });

  it('leaves requests and responses to pino serializers', () => {
    const { EventEmitter } = jest.requireActual('events');
    const req = Object.assign(new EventEmitter(), { method: 'GET', url: '/v1/x' });
    expect((redactDeep({ req }) as { req: unknown }).req).toBe(req);
  });

  it('survives cycles and absurd depth', () => {
    const a: any = { id: 1 };
    a.self = a;
    let deep: any = { email: 'x@example.com' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(() => JSON.stringify(redactDeep({ a, deep }))).not.toThrow();
    expect(JSON.stringify(redactDeep(deep))).not.toContain('x@example.com');
  });

  it('is what the service logger writes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { pinoHttp } = pinoParams('test', 'info') as { pinoHttp: pino.LoggerOptions };
    const logger = pino({ ...pinoHttp, mixin: undefined }, sink);
    logger.error(
      { event: { data: { customer: { email: 'ada@example.com', phone: '+4912345' } } } },
      'failed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('ada@example.com');
    expect(lines[0]).not.toContain('+4912345');
    expect(lines[0]).toContain(CENSORED);
  });
});
