import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { MasterDataException } from '../../common/master-data.exception';
import { updateReturning } from '../../common/sql';
import { emailMatchKey, normaliseEmail, phoneMatchKey } from '../domain/normalise';
import { CustomerEvents } from '../persistence/customer-events';
import { SELECT_CUSTOMER } from '../persistence/customer-sql';
import type { CustomerUpdate } from './customer-update.dto';

// Conditional on the version and on the customer not being erased (that would bring personal
// data back); the unique match keys refuse an e-mail or phone another customer already has.
const UPDATE = `UPDATE customer SET email = $2, email_key = $3, phone = $4, phone_key = $5,
    name = $6, version = $7, updated_at = now()
  WHERE id = $1 AND version < $7 AND NOT erased RETURNING version`;

/** `PUT /v1/customers/{id}`: versioned replacement of a customer's personal fields. */
@Injectable()
export class PutCustomerHandler {
  constructor(
    private readonly db: DataSource,
    private readonly events: CustomerEvents,
  ) {}

  async execute(id: string, body: CustomerUpdate): Promise<void> {
    try {
      await this.db.transaction(async (m) => {
        const rows = await updateReturning(m, UPDATE, params(id, body));
        if (rows.length === 0) throw await this.refusal(m, id, body.version);
        await this.events.changed(m, id);
      });
    } catch (err) {
      if (
        err instanceof QueryFailedError &&
        (err.driverError as { code?: string }).code === '23505'
      ) {
        throw new MasterDataException(
          'identity-conflict',
          409,
          'Another customer already has this e-mail or phone',
        );
      }
      throw err;
    }
  }

  private async refusal(m: EntityManager, id: string, version: number) {
    const [row]: Array<{ erased: boolean; version: string }> = await m.query(SELECT_CUSTOMER, [id]);
    if (!row) return MasterDataException.notFound(`customer ${id}`);
    if (row.erased) {
      return new MasterDataException('customer-erased', 409, `customer ${id} was erased`);
    }
    return MasterDataException.stale(`customer ${id}`, version, Number(row.version));
  }
}

function params(id: string, body: CustomerUpdate): unknown[] {
  const phoneKey = body.phone ? phoneMatchKey(body.phone) : undefined;
  return [
    id,
    body.email ? normaliseEmail(body.email) : null,
    body.email ? emailMatchKey(body.email) : null,
    body.phone?.trim() ?? null,
    phoneKey ?? null,
    body.name ?? null,
    body.version,
  ];
}
