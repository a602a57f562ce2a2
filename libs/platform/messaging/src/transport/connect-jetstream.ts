import type { INestApplication } from '@nestjs/common';
import { JetStreamServer } from './jetstream.server';

/**
 * Connects the JetStream transport to an initialised application and starts its consumers (a
 * hybrid app: HTTP and events in one process). The transport does not inherit the HTTP app's
 * global guards, pipes and filters: events carry no API key, and errors must reach the
 * transport unchanged. A service without messaging is left as it is.
 */
export async function connectJetStream(app: INestApplication): Promise<void> {
  let server: JetStreamServer;
  try {
    server = app.get(JetStreamServer, { strict: false });
  } catch {
    return;
  }
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
  await app.startAllMicroservices();
}
