import { DomainException, type FieldError } from '@retail/platform-http';

export type MasterDataErrorCode =
  | 'stale-version'
  | 'not-found'
  | 'parent-not-found'
  | 'hierarchy-cycle'
  | 'hierarchy-too-deep'
  | 'sync-in-progress'
  | 'unsupported-media-type'
  | 'erp-unavailable'
  | 'identity-conflict'
  | 'customer-erased'
  | 'validation-failed';

/** Every error master-data raises on purpose; rendered as problem+json. */
export class MasterDataException extends DomainException {
  constructor(
    code: MasterDataErrorCode,
    status: number,
    detail: string,
    errors?: FieldError[],
    retryable = false,
  ) {
    super(code, status, detail, { errors, retryable });
  }

  static stale(what: string, given: number, stored: number): MasterDataException {
    return new MasterDataException(
      'stale-version',
      409,
      `${what}: version ${given} is not greater than the stored version ${stored}`,
    );
  }

  static invalid(errors: FieldError[]): MasterDataException {
    return new MasterDataException('validation-failed', 422, 'The request is not valid', errors);
  }

  static notFound(what: string): MasterDataException {
    return new MasterDataException('not-found', 404, `${what} not found`);
  }
}
