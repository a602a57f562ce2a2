import { ChannelMappingEntity } from '../channel-mappings/persistence/channel-mapping.entity';
import { CustomerIdentityEntity } from '../customers/persistence/customer-identity.entity';
import { CustomerEntity } from '../customers/persistence/customer.entity';
import { SyncStateEntity } from '../erp-sync/persistence/sync-state.entity';
import { LocationEntity } from '../locations/persistence/location.entity';
import { ProductEntity } from '../products/persistence/product.entity';

export const MASTER_DATA_ENTITIES = [
  ProductEntity,
  LocationEntity,
  ChannelMappingEntity,
  CustomerEntity,
  CustomerIdentityEntity,
  SyncStateEntity,
];
