import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reverseTax } from './tax-reversal';
import { TaxReversalRequestDto } from './tax.dto';

@Injectable()
export class TaxService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async quote(body: TaxReversalRequestDto, correlationId: string) {
    const quote = { quoteId: randomUUID(), currency: body.currency, ...reverseTax(body.lines) };
    await this.db.query(
      `INSERT INTO tax_quote (id, request, response, correlation_id) VALUES ($1, $2, $3, $4)`,
      [quote.quoteId, JSON.stringify(body), JSON.stringify(quote), correlationId],
    );
    return quote;
  }
}
