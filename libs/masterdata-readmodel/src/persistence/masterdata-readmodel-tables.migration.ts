import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-model tables a consuming service adds to its own schema (unqualified names: the service's
 * DataSource sets search_path). Rows only ever move to a higher `version`.
 */
export class MasterDataReadModelTables1732700000000 implements MigrationInterface {
  name = 'MasterDataReadModelTables1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE readmodel_product (
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
      changed_at timestamptz NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE readmodel_location (
      id varchar(64) PRIMARY KEY,
      name varchar(200) NOT NULL,
      type varchar(16) NOT NULL,
      parent_id varchar(64) NULL,
      capabilities jsonb NOT NULL,
      erp_location_id varchar(64) NULL,
      ancestor_ids text[] NOT NULL DEFAULT '{}',
      version bigint NOT NULL,
      changed_at timestamptz NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Subtree queries walk children by parent.
    await q.query('CREATE INDEX idx_readmodel_location_parent ON readmodel_location (parent_id)');
    await q.query(`CREATE TABLE readmodel_channel_mapping (
      channel varchar(64) NOT NULL,
      channel_sku varchar(128) NOT NULL,
      sku varchar(64) NOT NULL,
      version bigint NOT NULL,
      changed_at timestamptz NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel, channel_sku)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS readmodel_channel_mapping');
    await q.query('DROP TABLE IF EXISTS readmodel_location');
    await q.query('DROP TABLE IF EXISTS readmodel_product');
  }
}
