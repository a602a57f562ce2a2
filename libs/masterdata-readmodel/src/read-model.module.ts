import { DynamicModule, Global, Module } from '@nestjs/common';
import { ReadModelConsumersController } from './consumers/readmodel-consumers.controller';
import { ReadModelStore } from './persistence/readmodel.store';
import { MasterDataReadModel } from './read-model.service';

export interface MasterDataReadModelOptions {
  /** Run the event consumers in this process (default true; false = read-only access). */
  consumers?: boolean;
}

/**
 * A local read model of master data for any service. The host adds `READMODEL_ENTITIES` and
 * `MasterDataReadModelTables1732700000000` to its persistence, and imports this module once;
 * `MasterDataReadModel` is then injectable everywhere (global).
 */
@Global()
@Module({})
export class MasterDataReadModelModule {
  static forRoot(options: MasterDataReadModelOptions = {}): DynamicModule {
    const consumers = options.consumers !== false;
    return {
      module: MasterDataReadModelModule,
      global: true,
      controllers: consumers ? [ReadModelConsumersController] : [],
      providers: [ReadModelStore, MasterDataReadModel],
      exports: [MasterDataReadModel],
    };
  }
}
