import { counter, gauge } from '@retail/platform-observability';

/** Business metrics of master-data (get-or-create: several apps may share a test process). */
export const masterDataMetrics = {
  productsChanged: () =>
    counter(
      'retail_masterdata_products_changed_total',
      'Products created or updated, by source (api, import, erp)',
      ['source', 'outcome'],
    ),
  locationsChanged: () =>
    counter('retail_masterdata_locations_changed_total', 'Locations created or updated', [
      'outcome',
    ]),
  importLines: () =>
    counter('retail_masterdata_import_lines_total', 'Product import lines by outcome', ['outcome']),
  erpSyncItems: () =>
    counter('retail_masterdata_erp_sync_items_total', 'ERP item-master items by outcome', [
      'outcome',
    ]),
  erpSyncProgress: () =>
    gauge(
      'retail_masterdata_erp_sync_progress',
      'Current ERP sync run: running (0/1), pages and items processed so far',
      ['measure'],
    ),
  erpSyncLastSuccess: () =>
    gauge(
      'retail_masterdata_erp_sync_last_success_timestamp_seconds',
      'End time of the last completed ERP item-master sync',
    ),
};
