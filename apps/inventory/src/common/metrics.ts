import { counter, histogram } from '@retail/platform-observability';

/** Business metrics of inventory, named as the dashboards expect. */
export const inventoryMetrics = {
  updateLag: () =>
    histogram(
      'retail_inventory_update_lag_seconds',
      'Seconds between a movement occurring (occurredAt) and being applied',
      ['location'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600],
    ),
  movements: () => counter('retail_inventory_movements_total', 'Movements by outcome', ['outcome']),
  /** Creation outcomes only (reserved, partial, backordered): the backorder-ratio alert divides them. */
  reservations: () =>
    counter('retail_reservations_total', 'Reservation requests by outcome', ['outcome']),
  reservationLifecycle: () =>
    counter('retail_reservation_lifecycle_total', 'Reservations released, expired or consumed', [
      'event',
    ]),
  availabilityEvents: () =>
    counter('retail_inventory_availability_events_total', 'availability.changed events enqueued'),
};
