import { Logger } from '@nestjs/common';
import { JetStreamApiError } from '@nats-io/jetstream';
import { NatsClient, StreamProvisioningError } from './nats-client';

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
