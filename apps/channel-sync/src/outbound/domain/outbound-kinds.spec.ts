import { jobKey, kindOfKey, OUTBOUND_KINDS, PRIORITY } from './outbound-kinds';

describe('outbound kinds', () => {
  it('claims cancellations, shipments and refunds before acknowledgements, all before availability', () => {
    expect(PRIORITY.cancellation).toBeLessThan(PRIORITY.acknowledgement);
    expect(PRIORITY.shipment).toBeLessThan(PRIORITY.acknowledgement);
    expect(PRIORITY.refund).toBeLessThan(PRIORITY.acknowledgement);
    expect(PRIORITY.acknowledgement).toBeLessThan(PRIORITY.availability);
  });

  it('keys a push by kind and id and reads the kind back', () => {
    expect(jobKey('shipment', 'fe-1:x')).toBe('shipment:fe-1:x');
    expect(kindOfKey('shipment:fe-1:x')).toBe('shipment');
    expect(kindOfKey('availability')).toBe('availability');
    expect(kindOfKey('other:1')).toBeUndefined();
    expect(kindOfKey('refund:ret-1')).toBe('refund');
    expect(OUTBOUND_KINDS).toHaveLength(5);
  });
});
