import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, Position } from '@retail/contracts';
import { Scopes } from '@retail/platform-http';
import { LedgerPage, LedgerStore } from '../ledger/ledger.store';
import { PositionStore } from './persistence/position.store';
import { toPosition } from './to-position';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

export class LedgerParams {
  @IsOptional()
  @IsId(64)
  locationId?: string;

  /** Cursor: the last ledger id seen. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('positions')
@Controller('positions')
export class PositionsController {
  constructor(
    private readonly positions: PositionStore,
    private readonly ledger: LedgerStore,
  ) {}

  @Get(':sku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'Position of a SKU at every location' })
  async bySku(@Param('sku') sku: string): Promise<{ sku: string; positions: Position[] }> {
    const rows = await this.positions.findBySku(sku);
    return { sku, positions: rows.map((p) => toPosition(p, p.updatedAt)) };
  }

  /** Every movement and reservation change behind the position, oldest first. */
  @Get(':sku/ledger')
  @Scopes('admin')
  @ApiOperation({ summary: 'The movement ledger that explains a position' })
  ledgerOf(@Param('sku') sku: string, @Query() query: LedgerParams): Promise<LedgerPage> {
    return this.ledger.page(sku, query.locationId, query.after ?? 0, query.limit ?? 100);
  }
}
