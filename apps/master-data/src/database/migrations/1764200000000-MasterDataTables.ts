import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Products, locations, channel mappings, customers and sync progress of master-data. */
export class MasterDataTables1764200000000 implements MigrationInterface {
  name = 'MasterDataTables1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE product (
      sku varchar(64) PRIMARY KEY,
      name varchar(200) NOT NULL,
      gtin varchar(14) NULL,
      erp_item_id varchar(64) NOT NULL,
      status varchar(16) NOT NULL,
      serial_tracked boolean NOT NULL,
      lot_tracked boolean NOT NULL,
      returnable boolean NOT NULL,
      return_window_days integer NOT NULL,
      restocking_fee_percent numeric(5,2) NOT NULL,
      version bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX idx_product_erp_item ON product (erp_item_id)');
    await q.query(`CREATE TABLE location (
      id varchar(64) PRIMARY KEY,
      name varchar(200) NOT NULL,
      type varchar(16) NOT NULL,
      parent_id varchar(64) NULL,
      capabilities jsonb NOT NULL,
      erp_location_id varchar(64) NULL,
      version bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX idx_location_parent ON location (parent_id)');
    await q.query(`CREATE TABLE channel_mapping (
      channel varchar(64) NOT NULL,
      channel_sku varchar(128) NOT NULL,
      sku varchar(64) NOT NULL,
      version bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel, channel_sku)
    )`);
    await q.query('CREATE INDEX idx_channel_mapping_sku ON channel_mapping (sku)');
    await this.customers(q);
    await q.query(`CREATE TABLE sync_state (
      name varchar(64) PRIMARY KEY,
      cursor text NULL,
      status varchar(16) NOT NULL,
      run_id uuid NULL,
      started_at timestamptz NULL,
      completed_at timestamptz NULL,
      pages integer NOT NULL DEFAULT 0,
      items integer NOT NULL DEFAULT 0,
      last_error text NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  private async customers(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer (
      id varchar(64) PRIMARY KEY,
      email varchar(254) NULL,
      email_key varchar(254) NULL,
      phone varchar(32) NULL,
      phone_key varchar(32) NULL,
      name varchar(200) NULL,
      erased boolean NOT NULL DEFAULT false,
      erased_at timestamptz NULL,
      version bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Unique match keys: two concurrent matches can never create two customers for one e-mail.
    await q.query(
      'CREATE UNIQUE INDEX uq_customer_email_key ON customer (email_key) WHERE email_key IS NOT NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_customer_phone_key ON customer (phone_key) WHERE phone_key IS NOT NULL',
    );
    await q.query(`CREATE TABLE customer_identity (
      channel varchar(64) NOT NULL,
      channel_customer_id varchar(128) NOT NULL,
      customer_id varchar(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel, channel_customer_id)
    )`);
    await q.query('CREATE INDEX idx_customer_identity_customer ON customer_identity (customer_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'sync_state',
      'customer_identity',
      'customer',
      'channel_mapping',
      'location',
      'product',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
