import type { ValidationArguments } from 'class-validator';
import schema from '../../../schemas/InventoryMovement.json';
import { CompiledContract } from '../../common/v1/compiled-contract';
import { InventoryMovement } from './inventory-movement';
import { MovementQuantityConstraint } from './movement-quantity.constraint';

const quantityRule = new MovementQuantityConstraint();

/**
 * `InventoryMovement` for the movement routes, where batches of hundreds arrive at peak: the
 * schema compiled once, the type-dependent quantity rule (which a JSON Schema cannot say) checked
 * with the contract's own constraint; anything else is judged by the class (`CompiledContract`).
 */
export const INVENTORY_MOVEMENT_CONTRACT = new CompiledContract(
  InventoryMovement,
  schema,
  (movement) =>
    quantityRule.validate(movement.quantity, { object: movement } as ValidationArguments),
);
