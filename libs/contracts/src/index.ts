// Public API of @retail/contracts: canonical v1 models, event payloads, the subject catalogue
// and validation helpers. No NestJS, TypeORM or NATS here: producers, consumers and HTTP layers
// all validate with the same classes.

export * from './common/cloudevent';
export * from './common/streams';
export * from './common/v1/cloud-event-envelope';
export * from './common/v1/decorators';
export * from './common/v1/patterns';
export * from './common/v1/compiled-contract';
export * from './common/v1/validate-contract';
export * from './common/v1/validate-event';
export * from './subjects';
export * from './event-catalogue';

// masterdata
export * from './masterdata/v1/channel-mapping-changed.event';
export * from './masterdata/v1/channel-mapping';
export * from './masterdata/v1/customer-changed.event';
export * from './masterdata/v1/customer-channel-identity';
export * from './masterdata/v1/customer-erased.event';
export * from './masterdata/v1/customer-match-batch';
export * from './masterdata/v1/customer-match-request';
export * from './masterdata/v1/customer-match-result';
export * from './masterdata/v1/customer';
export * from './masterdata/v1/location-capabilities';
export * from './masterdata/v1/location-changed.event';
export * from './masterdata/v1/location';
export * from './masterdata/v1/product-changed.event';
export * from './masterdata/v1/product-import-line-result';
export * from './masterdata/v1/product';

// inventory
export * from './inventory/v1/allocation-rule-set';
export * from './inventory/v1/allocation-rule';
export * from './inventory/v1/availability-changed.event';
export * from './inventory/v1/availability-query-result';
export * from './inventory/v1/availability-query';
export * from './inventory/v1/availability-query.compiled';
export * from './inventory/v1/availability';
export * from './inventory/v1/inventory-movement';
export * from './inventory/v1/inventory-movement.compiled';
export * from './inventory/v1/location-availability';
export * from './inventory/v1/movement-quantity.constraint';
export * from './inventory/v1/movement-recorded.event';
export * from './inventory/v1/movement-result';
export * from './inventory/v1/movement-type';
export * from './inventory/v1/position';
export * from './inventory/v1/record-movement.command';
export * from './inventory/v1/reservation-allocation';
export * from './inventory/v1/reservation-batch';
export * from './inventory/v1/reservation-consumed.event';
export * from './inventory/v1/reservation-created.event';
export * from './inventory/v1/reservation-released.event';
export * from './inventory/v1/reservation-request';
export * from './inventory/v1/reservation-request.compiled';
export * from './inventory/v1/reservation-result';

// orders
export * from './orders/v1/address';
export * from './orders/v1/cancel-order';
export * from './orders/v1/canonical-order';
export * from './orders/v1/customer-erasure-completed.event';
export * from './orders/v1/customer-notification-requested.event';
export * from './orders/v1/customer-ref';
export * from './orders/v1/fraud-assessment';
export * from './orders/v1/fulfillment-event-line';
export * from './orders/v1/fulfillment-event';
export * from './orders/v1/fulfillment-instruction-line';
export * from './orders/v1/fulfillment-instruction';
export * from './orders/v1/invoice-line';
export * from './orders/v1/invoice-requested.event';
export * from './orders/v1/line-fulfillment';
export * from './orders/v1/order-accepted.event';
export * from './orders/v1/order-cancelled.event';
export * from './orders/v1/order-line-quantity';
export * from './orders/v1/order-line';
export * from './orders/v1/order-shipped.event';
export * from './orders/v1/order-shipping';
export * from './orders/v1/order-status-changed.event';
export * from './orders/v1/order-status';
export * from './orders/v1/order-submission-result';
export * from './orders/v1/payment';
export * from './orders/v1/shipped-line';

// returns
export * from './returns/v1/disposition';
export * from './returns/v1/exchange-line';
export * from './returns/v1/exchange-options';
export * from './returns/v1/exchange-estimate';
export * from './returns/v1/inspected-line';
export * from './returns/v1/inspection-line';
export * from './returns/v1/inspection';
export * from './returns/v1/item-condition';
export * from './returns/v1/refund-line';
export * from './returns/v1/refund';
export * from './returns/v1/return-authorized.event';
export * from './returns/v1/return-closed.event';
export * from './returns/v1/return-creation-result';
export * from './returns/v1/return-inspected.event';
export * from './returns/v1/return-line-quantity';
export * from './returns/v1/return-received.event';
export * from './returns/v1/return-refunded.event';
export * from './returns/v1/return-rejected.event';
export * from './returns/v1/return-request-line';
export * from './returns/v1/return-request';
export * from './returns/v1/return-resolution';
export * from './returns/v1/return-status';
export * from './returns/v1/tax-reversal';
