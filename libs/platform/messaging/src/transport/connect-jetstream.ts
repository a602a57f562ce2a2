import type { INestApplication } from '@nestjs/common';
import { JetStreamServer } from './jetstream.server';

/**
 * Connects the JetStream transport to an initialised application and starts its consumers (a
 * hybrid app: HTTP and events in one process). The transport does not inherit the HTTP app's
 * global guards, pipes and filters: events carry no API key, and errors must reach the
 * transport unchanged. The application must import the MessagingModule.
 */
export async function connectJetStream(app: INestApplication): Promise<void> {
  const server = app.get(JetStreamServer, { strict: false });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
  await app.startAllMicroservices();
}
