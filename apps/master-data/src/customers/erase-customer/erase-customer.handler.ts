import { Injectable, Logger } from '@nestjs/common';
import { CUSTOMER_CHANGED_SUBJECT } from '@retail/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { MasterDataException } from '../../common/master-data.exception';
import { updateReturning } from '../../common/sql';
import { CustomerEvents } from '../persistence/customer-events';
import { ERASE, SELECT_CUSTOMER } from '../persistence/customer-sql';

// Channel identities travelled in earlier customer.changed events still waiting in (or already
// relayed from) the outbox; they are blanked there too so the table keeps no link to the person.
const SCRUB_OUTBOX = `UPDATE outbox
  SET payload = jsonb_set(payload, '{data,channelIdentities}', '[]'::jsonb)
  WHERE type = $2 AND payload->>'subject' = $1`;

/**
 * `DELETE /v1/customers/{id}`: nulls every personal field and drops the channel identities,
 * keeping only the pseudonymous id; publishes `customer.erased` so every holder of a copy
 * erases it too. Repeating it is a no-op.
 */
@Injectable()
export class EraseCustomerHandler {
  private readonly logger = new Logger(EraseCustomerHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly events: CustomerEvents,
  ) {}

  async execute(customerId: string): Promise<void> {
    const erased = await this.db.transaction(async (m) => {
      const rows = await updateReturning<{ erased_at: Date }>(m, ERASE, [customerId]);
      if (rows.length === 0) return this.alreadyErased(m, customerId);
      await m.query('DELETE FROM customer_identity WHERE customer_id = $1', [customerId]);
      await m.query(SCRUB_OUTBOX, [customerId, CUSTOMER_CHANGED_SUBJECT]);
      await this.events.erased(m, customerId, rows[0].erased_at);
      return true;
    });
    if (erased) this.logger.log({ customerId }, 'customer personal data erased');
  }

  private async alreadyErased(m: EntityManager, customerId: string): Promise<false> {
    const [row]: unknown[] = await m.query(SELECT_CUSTOMER, [customerId]);
    if (!row) throw MasterDataException.notFound(`customer ${customerId}`);
    return false;
  }
}
