import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobsListener } from './jobs-listener';
import { DataSource } from 'typeorm';

/**
 * The process's one LISTEN session for the `jobs` table, as a Nest provider shared by every job
 * worker of the service (they subscribe before or after it connects; either way they are woken).
 */
@Injectable()
export class JobsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly listener: JobsListener;

  constructor(db: DataSource) {
    this.listener = new JobsListener(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }
}
