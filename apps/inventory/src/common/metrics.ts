import { counter, gauge, histogram } from '@retail/platform-observability';

/** Business metrics of inventory, named as the dashboards expect. */
export const inventoryMetrics = {
  updateLag: () =>
    histogram(
      'retail_inventory_update_lag_seconds',
      'Seconds between a movement occurring (occurredAt) and being applied',
      ['location'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600],
    ),
  /**
   * Per partition of the movement command stream: how far behind its consumer lane is, as the
   * age (publish time to applied) of the oldest command of the partition's last applied batch;
   * with the time of that batch, so a partition that stopped applying shows as stale.
   */
  partitionLag: () =>
    gauge(
      'retail_inventory_movement_partition_lag_seconds',
      'Age of the oldest movement command of the last batch applied, per stream partition',
      ['partition'],
    ),
  partitionAppliedAt: () =>
    gauge(
      'retail_inventory_movement_partition_applied_timestamp_seconds',
      'Unix time the last batch of movement commands of a stream partition was applied',
      ['partition'],
    ),
  movements: () => counter('retail_inventory_movements_total', 'Movements by outcome', ['outcome']),
  /** Creation outcomes only (reserved, partial, backordered): the backorder-ratio alert divides them. */
  reservations: () =>
    counter('retail_reservations_total', 'Reservation requests by outcome', ['outcome']),
  /** Requests served by one reservation transaction of a SKU (the group commit, ADR 0048). */
  reservationGroupSize: () =>
    histogram(
      'retail_reservation_group_size',
      'Reservation requests served by one transaction (a SKU group commit, or one batch call)',
      [],
      [1, 2, 4, 8, 16, 32, 64, 100],
    ),
  reservationLifecycle: () =>
    counter('retail_reservation_lifecycle_total', 'Reservations released, expired or consumed', [
      'event',
    ]),
  availabilityEvents: () =>
    counter('retail_inventory_availability_events_total', 'availability.changed events enqueued'),
};
