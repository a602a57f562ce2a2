import { Injectable } from '@nestjs/common';
import type { Customer, CustomerChannelIdentity } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { ERASED_AT, IDENTITIES_OF, SELECT_CUSTOMER } from './customer-sql';

interface CustomerRow {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  erased: boolean;
  version: string;
}

/** Read side of customers, in the Customer contract's shape. */
@Injectable()
export class CustomerQueries {
  constructor(private readonly db: DataSource) {}

  async find(id: string): Promise<Customer | undefined> {
    const [row]: CustomerRow[] = await this.db.query(SELECT_CUSTOMER, [id]);
    if (!row) return undefined;
    const channelIdentities: CustomerChannelIdentity[] = await this.db.query(IDENTITIES_OF, [id]);
    return {
      customerId: row.id,
      ...(row.email ? { email: row.email } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.name ? { name: row.name } : {}),
      channelIdentities,
      erased: row.erased,
      version: Number(row.version),
    };
  }

  /** When the customer's personal data was erased; undefined if never (or no such customer). */
  async erasedAt(id: string): Promise<Date | undefined> {
    return (await this.erasure(id))?.erasedAt;
  }

  /** When an erased customer was created and erased; undefined if not erased (or unknown). */
  async erasure(id: string): Promise<{ createdAt: Date; erasedAt: Date } | undefined> {
    const [row]: Array<{ erased_at: Date; created_at: Date }> = await this.db.query(ERASED_AT, [
      id,
    ]);
    return row && { createdAt: row.created_at, erasedAt: row.erased_at };
  }
}
