import { Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  INVENTORY_MOVEMENT_CONTRACT,
  InventoryMovement,
  MAX_MOVEMENT_BATCH,
  MovementResult,
} from '@retail/contracts';
import {
  assertAtLocation,
  CurrentPrincipal,
  Idempotent,
  OpenApi,
  Principal,
  Scopes,
} from '@retail/platform-http';
import { InventoryException } from '../../common/inventory.exception';
import { inventoryMetrics } from '../../common/metrics';
import { RecordMovementsHandler } from './record-movements.handler';

/**
 * Validates one movement or a batch (the whole request is refused if any entry is invalid), on the
 * contract's compiled fast path: a valid batch costs no class instance per movement.
 */
export function parseMovements(body: unknown): InventoryMovement[] {
  try {
    return parse(body);
  } catch (err) {
    // Refused movements: what the RetailInventoryMovementsFailing alert watches.
    const count = Array.isArray(body) ? Math.max(body.length, 1) : 1;
    inventoryMetrics.movements().inc({ outcome: 'rejected' }, count);
    throw err;
  }
}

function parse(body: unknown): InventoryMovement[] {
  if (Array.isArray(body)) {
    const { values, errors } = INVENTORY_MOVEMENT_CONTRACT.validateList(body, MAX_MOVEMENT_BATCH);
    if (errors.length > 0) throw InventoryException.invalid(errors);
    if (values.length === 0) {
      throw InventoryException.invalid([
        { field: '', message: 'at least one movement is required' },
      ]);
    }
    return values;
  }
  const { value, errors } = INVENTORY_MOVEMENT_CONTRACT.validate(body);
  if (errors.length > 0) throw InventoryException.invalid(errors);
  return [value];
}

@ApiTags('movements')
@ApiExtraModels(MovementResult)
@Controller('inventory/movements')
export class RecordMovementsController {
  constructor(private readonly handler: RecordMovementsHandler) {}

  /**
   * Stock sources: the warehouse, a store (movements of its own location only: the whole
   * request is refused if one entry names another), returns' service key or an administrator;
   * never a channel.
   */
  @Post()
  @Scopes('admin', 'service', 'wms', 'store')
  @Idempotent(200)
  @ApiOperation({ summary: 'Record one movement or a batch of up to 1000 (one transaction)' })
  @ApiOkResponse({
    description: 'One result per movement, in request order (a replay answers the same)',
    schema: OpenApi.object({ results: OpenApi.array(OpenApi.ref(MovementResult)) }),
  })
  @ApiBody({
    schema: { oneOf: [{ type: 'object' }, { type: 'array', maxItems: MAX_MOVEMENT_BATCH }] },
  })
  async record(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ results: MovementResult[] }> {
    const movements = parseMovements(body);
    for (const movement of movements) assertAtLocation(principal, movement.locationId);
    const results = await this.handler.execute(movements);
    return { results };
  }
}
