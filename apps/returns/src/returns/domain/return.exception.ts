import { DomainException, FieldError } from '@retail/platform-http';

export enum ReturnErrorCode {
  NotFound = 'return-not-found',
  Refused = 'return-refused',
  OrderNotFound = 'order-not-found',
  WrongState = 'return-wrong-state',
  InvalidInspection = 'invalid-inspection',
  DependencyUnavailable = 'dependency-unavailable',
  RefundException = 'refund-exception',
}

/** Every failure of the returns aggregate, with its HTTP status and retry flag. */
export class ReturnException extends DomainException {
  static notFound(id: string) {
    return new ReturnException(ReturnErrorCode.NotFound, 404, `return ${id} not found`);
  }

  static refused(errors: FieldError[]) {
    const detail = `return refused: ${errors.map((e) => e.message).join('; ')}`;
    return new ReturnException(ReturnErrorCode.Refused, 422, detail, { errors });
  }

  static orderNotFound(orderId: string) {
    return new ReturnException(ReturnErrorCode.OrderNotFound, 422, `order ${orderId} not found`, {
      errors: [{ field: 'orderId', message: `order ${orderId} not found` }],
    });
  }

  static wrongState(id: string, status: string, action: string) {
    return new ReturnException(
      ReturnErrorCode.WrongState,
      409,
      `return ${id} is ${status}: cannot ${action}`,
    );
  }

  static invalidInspection(errors: FieldError[]) {
    return new ReturnException(ReturnErrorCode.InvalidInspection, 422, 'invalid inspection', {
      errors,
    });
  }

  static unavailable(detail: string) {
    return new ReturnException(ReturnErrorCode.DependencyUnavailable, 503, detail, {
      retryable: true,
    });
  }

  /** A refund that needs an operator (tax mismatch, refused by the provider). */
  static refundException(detail: string) {
    return new ReturnException(ReturnErrorCode.RefundException, 422, detail);
  }
}
