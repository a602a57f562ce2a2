import { ReadModelChannelMapping } from './persistence/readmodel-channel-mapping.entity';
import { ReadModelLocation } from './persistence/readmodel-location.entity';
import { ReadModelProduct } from './persistence/readmodel-product.entity';

export { MasterDataReadModelModule, type MasterDataReadModelOptions } from './read-model.module';
export { MasterDataReadModel } from './read-model.service';
export { MasterDataReadModelTables1732700000000 } from './persistence/masterdata-readmodel-tables.migration';
export { ReadModelChannelMapping, ReadModelLocation, ReadModelProduct };
export type {
  LocationView,
  ProductView,
  ReadModelChange,
  ReadModelEntity,
  ReadModelListener,
} from './views';

/** Entities to add to the host service's TypeORM `entities` (with the migration class). */
export const READMODEL_ENTITIES = [ReadModelProduct, ReadModelLocation, ReadModelChannelMapping];
