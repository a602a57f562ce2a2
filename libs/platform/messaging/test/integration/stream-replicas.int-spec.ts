import type { INestApplicationContext } from '@nestjs/common';
import { ALL_STREAMS } from '@retail/contracts';
import { nanos } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { NatsClient, StreamProvisioningError } from '../../src';
import { cleanUp, createDataSource, isolation, startMessaging } from './harness';

describe('stream replicas (integration, single nats-server)', () => {
  const { schema, namespace } = isolation('messaging_replicas');
  let ds: DataSource;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ds = await createDataSource(schema);
    app = await startMessaging(ds, { namespace, replicas: 1, consumersEnabled: false });
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(schema, namespace);
  });

  it('provisions every stream with the configured number of replicas', async () => {
    const nats = app.get(NatsClient);
    for (const def of ALL_STREAMS) {
      const info = await nats.jsm.streams.info(nats.streamName(def));
      expect(info.config.num_replicas).toBe(1);
    }
  });

  it('sets the max age of a new stream, and of an existing one at the next boot', async () => {
    const nats = app.get(NatsClient);
    const probe = { name: 'RETAIL_MAXAGE_PROBE', subjects: ['retail.maxageprobe.>'] };
    const maxAge = async () => (await nats.jsm.streams.info(nats.streamName(probe))).config.max_age;
    await nats.provisionStreams([probe], 120_000, 1);
    expect(await maxAge()).toBe(0);
    await nats.provisionStreams([probe], 120_000, 1, 168 * 3_600_000);
    expect(await maxAge()).toBe(nanos(168 * 3_600_000));
  });

  it('refuses to boot with 3 replicas on a single server, naming the stream and the reason', async () => {
    const nats = app.get(NatsClient);
    const fresh = { name: 'RETAIL_REPLICAS_PROBE', subjects: ['retail.replicasprobe.>'] };
    const attempt = nats.provisionStreams([fresh], 120_000, 3);
    await expect(attempt).rejects.toThrow(StreamProvisioningError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`${namespace.toUpperCase()}_RETAIL_REPLICAS_PROBE with 3 replica.*non-clustered`),
    );
  });
});
