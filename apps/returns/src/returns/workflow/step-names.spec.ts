import { nextSteps as sut, stepsFor, trackFor } from './step-names';

describe('the return workflow tracks', () => {
  it('runs refund, ERP credit and close after stock for a refund', () => {
    expect(trackFor('refund')).toEqual([
      'authorize',
      'receive',
      'inspect',
      'stock',
      'refund',
      'erp_credit',
      'close',
    ]);
  });

  it('adds the replacement order after the refund breakdown for an exchange', () => {
    expect(sut('exchange', 'refund')).toEqual(['exchange']);
    expect(sut('exchange', 'exchange')).toEqual(['erp_credit']);
    expect(sut('refund', 'refund')).toEqual(['erp_credit']);
  });

  it('starts the ERP authorization beside receiving once authorized', () => {
    expect(sut('refund', 'authorize')).toEqual(['receive', 'erp_authorization']);
    expect(sut('refund', 'erp_authorization')).toEqual([]);
    expect(sut('store_credit', 'close')).toEqual([]);
  });

  it('persists every step of the resolution', () => {
    expect(stepsFor('store_credit')).toHaveLength(8);
    expect(stepsFor('exchange')).toContain('exchange');
  });

  it('places an advance exchange right after authorization and settles after inspection', () => {
    const advance = { resolution: 'exchange' as const, exchange: { advance: true } };
    expect(sut(advance, 'authorize')).toEqual(['exchange', 'erp_authorization']);
    expect(sut(advance, 'exchange')).toEqual(['receive']);
    expect(sut(advance, 'refund')).toEqual(['erp_credit']);
    expect(stepsFor(advance)).toContain('advance_due');
    expect(stepsFor('exchange')).not.toContain('advance_due');
    expect(sut(advance, 'advance_due')).toEqual([]);
  });
});
