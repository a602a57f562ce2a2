import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsOneOf } from '../../common/v1/decorators';

/** Fraud decisions: `review` puts the order on hold, `reject` cancels it. */
export const FRAUD_DECISIONS = ['accept', 'review', 'reject'] as const;
/** Fraud decision. */
export type FraudDecision = (typeof FRAUD_DECISIONS)[number];

/** The channel's or fraud service's verdict on an order. */
export class FraudAssessment {
  /** The decision. */
  @IsOneOf(FRAUD_DECISIONS)
  decision: FraudDecision;

  /** Risk score, 0 (safe) to 100. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score?: number;
}
