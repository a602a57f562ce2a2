import { classifyResponse, HttpErrorFactory } from '@retail/platform-http-client';
import {
  BackofficeError,
  BackofficeUnavailableError,
  ErpNotFoundError,
  ErpRejectedError,
  ErpThrottledError,
  ERP_ERRORS,
  ErpUnavailableError,
  genericErrors,
} from './errors';

const classify = (status: number, errors: HttpErrorFactory<BackofficeError>) =>
  classifyResponse(status, new Headers({ 'retry-after': '2' }), {}, errors);

describe('back-office error classes through the platform classifier', () => {
  it('gives the ERP its own classes, 404 as ErpNotFoundError', () => {
    expect(classify(429, ERP_ERRORS)).toBeInstanceOf(ErpThrottledError);
    expect(classify(502, ERP_ERRORS)).toBeInstanceOf(ErpUnavailableError);
    expect(classify(400, ERP_ERRORS)).toBeInstanceOf(ErpRejectedError);
    expect(classify(404, ERP_ERRORS)).toBeInstanceOf(ErpNotFoundError);
  });

  it('uses the generic classes, with the system, for WMS, payments and tax', () => {
    const sut = classify(502, genericErrors('payments'));
    expect(sut).toBeInstanceOf(BackofficeUnavailableError);
    expect(sut).not.toBeInstanceOf(ErpUnavailableError);
    expect(sut?.system).toBe('payments');
  });
});
