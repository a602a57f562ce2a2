import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, Position } from '@retail/contracts';
import { OpenApi, Scopes, toDecimalInt } from '@retail/platform-http';
import { LedgerPage, LedgerStore } from '../ledger/ledger.store';
import { PositionStore } from './persistence/position.store';
import { toPosition } from './to-position';

export class LedgerParams {
  @IsOptional()
  @IsId(64)
  locationId?: string;

  /** Cursor: the last ledger id seen. */
  @IsOptional()
  @Transform(toDecimalInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @IsOptional()
  @Transform(toDecimalInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

const { array, dateTime, integer, nullable, object, oneOf, ref, string } = OpenApi;

/** Schema of one ledger row (`LedgerStore.page`). */
const LEDGER_ENTRY = object({
  id: string({ description: 'Ledger id: the cursor (`after`) of the next page' }),
  source: string(),
  eventId: string(),
  sourceSequence: integer(),
  type: string({ description: 'Movement type, or a reservation change' }),
  sku: string(),
  locationId: string(),
  quantity: integer(),
  status: oneOf(['applied', 'stale']),
  onHandDelta: integer(),
  reservedDelta: integer(),
  inTransitDelta: integer(),
  damagedDelta: integer(),
  onHandAfter: integer(),
  reason: nullable(string()),
  reservationId: nullable(string({ format: 'uuid' })),
  occurredAt: dateTime(),
  recordedAt: dateTime(),
});

@ApiTags('positions')
@ApiExtraModels(Position)
@Controller('positions')
export class PositionsController {
  constructor(
    private readonly positions: PositionStore,
    private readonly ledger: LedgerStore,
  ) {}

  @Get(':sku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'Position of a SKU at every location' })
  @ApiOkResponse({ schema: object({ sku: string(), positions: array(ref(Position)) }) })
  async bySku(@Param('sku') sku: string): Promise<{ sku: string; positions: Position[] }> {
    const rows = await this.positions.findBySku(sku);
    return { sku, positions: rows.map((p) => toPosition(p, p.updatedAt)) };
  }

  /** Every movement and reservation change behind the position, oldest first. */
  @Get(':sku/ledger')
  @Scopes('admin')
  @ApiOperation({ summary: 'The movement ledger that explains a position' })
  @ApiOkResponse({
    description: 'A page of the ledger, oldest first',
    schema: object({ items: array(LEDGER_ENTRY) }, { nextCursor: string() }),
  })
  ledgerOf(@Param('sku') sku: string, @Query() query: LedgerParams): Promise<LedgerPage> {
    return this.ledger.page(sku, query.locationId, query.after ?? 0, query.limit ?? 100);
  }
}
