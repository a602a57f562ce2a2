import { Logger } from '@nestjs/common';
import { JetStreamApiError } from '@nats-io/jetstream';
import { TimeoutError } from '@nats-io/nats-core';
import type { ResolvedMessagingOptions } from '../options';
import { NatsClient, natsConnectOptions, StreamProvisioningError } from './nats-client';

const ORDERS = { name: 'RETAIL_ORDERS', subjects: ['retail.orders.>'] };

/** A JetStream manager stub: `existing` streams answer info, the others are "not found". */
function fakeJsm(existing: string[], addError?: Error) {
  const notFound = new JetStreamApiError({ code: 404, err_code: 10059, description: 'not found' });
  return {
    streams: {
      info: jest.fn(async (name: string) => {
        if (!existing.includes(name)) throw notFound;
        return {};
      }),
      add: jest.fn(async () => {
        if (addError) throw addError;
        return {};
      }),
      update: jest.fn(async () => ({})),
    },
  };
}

function clientWith(jsm: ReturnType<typeof fakeJsm>, namespace = 't1'): NatsClient {
  const Ctor = NatsClient as unknown as new (...args: unknown[]) => NatsClient;
  return new Ctor({}, {}, jsm, namespace);
}

beforeAll(() => Logger.overrideLogger(false));

describe('NatsClient.provisionStreams', () => {
  it('creates a missing stream with the configured number of replicas', async () => {
    const jsm = fakeJsm([]);
    const sut = clientWith(jsm);
    await sut.provisionStreams([ORDERS], 120_000, 3);
    expect(jsm.streams.add).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'T1_RETAIL_ORDERS',
        subjects: ['t1.retail.orders.>'],
        num_replicas: 3,
      }),
    );
  });

  it('updates an existing stream to the configured replicas', async () => {
    const jsm = fakeJsm(['T1_RETAIL_ORDERS']);
    const sut = clientWith(jsm);
    await sut.provisionStreams([ORDERS], 120_000, 3);
    expect(jsm.streams.update).toHaveBeenCalledWith(
      'T1_RETAIL_ORDERS',
      expect.objectContaining({ num_replicas: 3 }),
    );
  });

  it('defaults to one replica', async () => {
    const jsm = fakeJsm([]);
    await clientWith(jsm).provisionStreams([ORDERS], 120_000);
    expect(jsm.streams.add).toHaveBeenCalledWith(expect.objectContaining({ num_replicas: 1 }));
  });

  it('names the stream and the replica count when the server refuses', async () => {
    const jsm = fakeJsm([], new Error('replicas > 1 not supported in non-clustered mode'));
    const sut = clientWith(jsm);
    const attempt = sut.provisionStreams([ORDERS], 120_000, 3);
    await expect(attempt).rejects.toThrow(StreamProvisioningError);
    await expect(attempt).rejects.toThrow(/T1_RETAIL_ORDERS with 3 replica\(s\).*non-clustered/);
  });
});

describe('NatsClient.provisionStreams races', () => {
  it('updates when another replica created the stream between info and add', async () => {
    const inUse = new JetStreamApiError({ code: 400, err_code: 10058, description: 'in use' });
    const jsm = fakeJsm([], inUse);
    await clientWith(jsm).provisionStreams([ORDERS], 120_000, 3);
    expect(jsm.streams.update).toHaveBeenCalledWith(
      'T1_RETAIL_ORDERS',
      expect.objectContaining({ num_replicas: 3 }),
    );
  });

  it('surfaces any other refusal of the create instead of trying an update', async () => {
    const refused = new JetStreamApiError({
      code: 500,
      err_code: 10074,
      description: 'replicas > 1 not supported in non-clustered mode',
    });
    const jsm = fakeJsm([], refused);
    const attempt = clientWith(jsm).provisionStreams([ORDERS], 120_000, 3);
    await expect(attempt).rejects.toThrow(/non-clustered/);
    expect(jsm.streams.update).not.toHaveBeenCalled();
  });
});

describe('NatsClient.provisionStreams while JetStream is not ready (a cluster forming)', () => {
  const quick = { budgetMs: 2_000, firstDelayMs: 1, maxDelayMs: 5 };
  const unavailable = () =>
    new JetStreamApiError({
      code: 503,
      err_code: 10008,
      description: 'JetStream system temporarily unavailable',
    });

  /** A manager whose `add` fails with `errors`, one per call, then creates the stream. */
  function flakyJsm(errors: Error[]) {
    const jsm = fakeJsm([]);
    jsm.streams.add.mockImplementation(async () => {
      const next = errors.shift();
      if (next) throw next;
      return {};
    });
    return jsm;
  }

  it('retries a create that timed out or found JetStream unavailable, and logs each wait', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const jsm = flakyJsm([new TimeoutError(), unavailable()]);
    await clientWith(jsm).provisionStreams([ORDERS], 120_000, 3, 0, quick);
    expect(jsm.streams.add).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /T1_RETAIL_ORDERS \(3 replica\(s\)\) not provisioned yet, attempt 1: TimeoutError.*retrying in 1 ms/,
    );
    warn.mockRestore();
  });

  it('gives up when the budget is spent, naming the stream, the last reason and the attempts', async () => {
    const jsm = fakeJsm([]);
    jsm.streams.add.mockImplementation(async () => {
      throw unavailable();
    });
    const attempt = clientWith(jsm).provisionStreams([ORDERS], 120_000, 3, 0, {
      budgetMs: 30,
      firstDelayMs: 4,
      maxDelayMs: 4,
    });
    await expect(attempt).rejects.toThrow(StreamProvisioningError);
    await expect(attempt).rejects.toThrow(
      /T1_RETAIL_ORDERS with 3 replica\(s\): JetStream system temporarily unavailable \(gave up after \d+ attempts/,
    );
    expect(jsm.streams.add.mock.calls.length).toBeGreaterThan(1);
  });

  it('does not retry a refusal that waiting cannot cure', async () => {
    const refused = new JetStreamApiError({
      code: 500,
      err_code: 10074,
      description: 'replicas > 1 not supported in non-clustered mode',
    });
    const jsm = flakyJsm([refused]);
    await expect(clientWith(jsm).provisionStreams([ORDERS], 120_000, 3, 0, quick)).rejects.toThrow(
      /non-clustered/,
    );
    expect(jsm.streams.add).toHaveBeenCalledTimes(1);
  });
});

describe('natsConnectOptions', () => {
  it('reconnects forever, names the service and builds no stack trace per request', () => {
    const opts = { natsUrl: 'nats://a:4222,nats://b:4222', serviceName: 'inventory' };
    const sut = natsConnectOptions(opts as ResolvedMessagingOptions);
    expect(sut).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      name: 'inventory',
      maxReconnectAttempts: -1,
      noAsyncTraces: true,
    });
  });
});
