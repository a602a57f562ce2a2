import { SimulatorHttpError } from '../common/simulator-http.error';

export interface ReversalLineInput {
  lineId: string;
  quantity: number;
  originalQuantity: number;
  originalTax: number;
}

export interface ReversalLine {
  lineId: string;
  quantity: number;
  taxAmount: number;
}

/**
 * Tax to give back for the returned share of each line: originalTax x quantity /
 * originalQuantity, rounded half up in integer arithmetic (no floating point). Returning
 * everything gives back exactly the tax charged.
 */
export function reverseTax(lines: ReversalLineInput[]): {
  lines: ReversalLine[];
  totalTax: number;
} {
  const reversed = lines.map((line) => {
    if (line.quantity > line.originalQuantity) {
      throw new SimulatorHttpError(
        422,
        'quantity_exceeds_original',
        `line ${line.lineId}: quantity ${line.quantity} exceeds originalQuantity ${line.originalQuantity}`,
        {},
        'lines.quantity',
      );
    }
    const numerator =
      BigInt(line.originalTax) * BigInt(line.quantity) * 2n + BigInt(line.originalQuantity);
    const taxAmount = Number(numerator / (BigInt(line.originalQuantity) * 2n));
    return { lineId: line.lineId, quantity: line.quantity, taxAmount };
  });
  return { lines: reversed, totalTax: reversed.reduce((sum, line) => sum + line.taxAmount, 0) };
}
