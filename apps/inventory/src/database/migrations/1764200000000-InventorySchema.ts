import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inventory schema. Tables are mapped with raw SQL (no entities): the invariants live in
 * the database (checks, unique keys) and every hot path is a handful of set-based statements.
 */
export class InventorySchema1764200000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES.slice().reverse()) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

const TABLES = [
  'positions',
  'movements',
  'source_watermarks',
  'allocation_rule_sets',
  'channel_reserved',
  'reservations',
  'reservation_allocations',
  'availability_dirty',
  'availability_published',
  'erp_pending',
  'erp_batches',
];

const UP = [
  // One row per SKU and location. on_hand may dip below zero when a sale is reported before
  // the receipt it came from; reserved, in-transit and damaged never do.
  `CREATE TABLE positions (
     sku varchar(64) NOT NULL,
     location_id varchar(64) NOT NULL,
     on_hand integer NOT NULL DEFAULT 0,
     reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
     in_transit integer NOT NULL DEFAULT 0 CHECK (in_transit >= 0),
     damaged integer NOT NULL DEFAULT 0 CHECK (damaged >= 0),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (sku, location_id))`,
  // The ledger: every accepted movement (applied or stale) and every reservation change, with
  // the deltas it caused, so that each position column is the sum of its ledger column.
  `CREATE TABLE movements (
     id bigserial PRIMARY KEY,
     source varchar(64) NOT NULL,
     event_id varchar(160) NOT NULL,
     source_sequence bigint NOT NULL,
     type varchar(24) NOT NULL,
     sku varchar(64) NOT NULL,
     location_id varchar(64) NOT NULL,
     quantity integer NOT NULL,
     status varchar(8) NOT NULL CHECK (status IN ('applied', 'stale')),
     on_hand_delta integer NOT NULL DEFAULT 0,
     reserved_delta integer NOT NULL DEFAULT 0,
     in_transit_delta integer NOT NULL DEFAULT 0,
     damaged_delta integer NOT NULL DEFAULT 0,
     on_hand_after integer NOT NULL,
     reason varchar(500),
     reservation_id uuid,
     occurred_at timestamptz NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT uq_movements_source_event UNIQUE (source, event_id))`,
  `CREATE INDEX idx_movements_position ON movements (sku, location_id, id)`,
  `CREATE INDEX idx_movements_source_seq ON movements (source, sku, location_id, source_sequence)
     WHERE status = 'applied' AND type <> 'snapshot'`,
  // Last applied snapshot per (source, sku, location): the line below which deltas are stale.
  `CREATE TABLE source_watermarks (
     sku varchar(64) NOT NULL,
     location_id varchar(64) NOT NULL,
     source varchar(64) NOT NULL,
     snapshot_sequence bigint NOT NULL,
     PRIMARY KEY (sku, location_id, source))`,
  `CREATE TABLE allocation_rule_sets (
     channel varchar(64) PRIMARY KEY,
     version integer NOT NULL,
     rules jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  // Units each channel holds per position, kept beside positions.reserved under the same lock.
  `CREATE TABLE channel_reserved (
     sku varchar(64) NOT NULL,
     location_id varchar(64) NOT NULL,
     channel varchar(64) NOT NULL,
     reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
     PRIMARY KEY (sku, location_id, channel))`,
  `CREATE TABLE reservations (
     id uuid PRIMARY KEY,
     order_id varchar(128) NOT NULL,
     line_id varchar(128) NOT NULL,
     sku varchar(64) NOT NULL,
     channel varchar(64) NOT NULL,
     requested integer NOT NULL CHECK (requested > 0),
     location_scope varchar(64),
     outcome varchar(16) NOT NULL CHECK (outcome IN ('reserved', 'partial', 'backordered')),
     state varchar(16) NOT NULL CHECK (state IN ('active', 'released', 'consumed', 'expired')),
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     closed_at timestamptz,
     CONSTRAINT uq_reservations_order_line UNIQUE (order_id, line_id))`,
  `CREATE INDEX idx_reservations_expiry ON reservations (expires_at) WHERE state = 'active'`,
  `CREATE TABLE reservation_allocations (
     reservation_id uuid NOT NULL REFERENCES reservations (id),
     location_id varchar(64) NOT NULL,
     quantity integer NOT NULL CHECK (quantity > 0),
     open integer NOT NULL CHECK (open >= 0 AND open <= quantity),
     PRIMARY KEY (reservation_id, location_id))`,
  // SKUs whose availability may have changed since the last flush (the coalescing set).
  `CREATE TABLE availability_dirty (
     sku varchar(64) PRIMARY KEY,
     marked_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE availability_published (
     sku varchar(64) NOT NULL,
     channel varchar(64) NOT NULL,
     sequence bigint NOT NULL,
     fingerprint text NOT NULL,
     published_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (sku, channel))`,
  // Net on-hand change per position not yet handed to an ERP batch.
  `CREATE TABLE erp_pending (
     sku varchar(64) NOT NULL,
     location_id varchar(64) NOT NULL,
     delta integer NOT NULL,
     PRIMARY KEY (sku, location_id))`,
  `CREATE TABLE erp_batches (
     id uuid PRIMARY KEY,
     lines jsonb NOT NULL,
     status varchar(16) NOT NULL CHECK (status IN ('pending', 'posted', 'rejected')),
     attempts integer NOT NULL DEFAULT 0,
     last_error text,
     created_at timestamptz NOT NULL DEFAULT now(),
     posted_at timestamptz)`,
  `CREATE INDEX idx_erp_batches_pending ON erp_batches (created_at) WHERE status = 'pending'`,
];
