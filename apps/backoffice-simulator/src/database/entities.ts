import { CallLogEntity } from '../admin/call-log.entity';
import { ERP_ENTITIES } from '../erp/erp.entities';
import { RefundEntity } from '../payments/refund.entity';
import { TaxQuoteEntity } from '../tax/tax-quote.entity';
import { WmsRequestEntity, WmsShipmentEntity } from '../wms/wms.entities';
import { InitBackofficeSimulator1764180000000 } from './migrations/1764180000000-InitBackofficeSimulator';
import { PaymentCharges1767000000000 } from './migrations/1767000000000-PaymentCharges';
import { ErpFinancials1767100000000 } from './migrations/1767100000000-ErpFinancials';
import { PaymentAuthorizations1767200000000 } from './migrations/1767200000000-PaymentAuthorizations';

export const SIMULATOR_ENTITIES = [
  ...ERP_ENTITIES,
  WmsRequestEntity,
  WmsShipmentEntity,
  RefundEntity,
  TaxQuoteEntity,
  CallLogEntity,
];

export const SIMULATOR_MIGRATIONS = [
  InitBackofficeSimulator1764180000000,
  PaymentCharges1767000000000,
  ErpFinancials1767100000000,
  PaymentAuthorizations1767200000000,
];
