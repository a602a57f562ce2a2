import { ALL_STREAMS, DOMAIN_STREAMS } from './common/streams';
import { EVENT_CATALOGUE } from './event-catalogue';
import {
  ALL_SUBJECTS,
  catalogueSubjectOf,
  DATA_SCHEMA_VERSION,
  fnv1a32,
  movementRecordCommandSubject,
  movementRecordedSubject,
  PARTITIONED_SUBJECTS,
  partitionOf as sut,
  subjectFilter,
  SUBJECTS,
} from './subjects';

const EVENT =
  /^retail\.(orders|inventory|returns|masterdata)\.v\d+\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
const COMMAND =
  /^retail\.(orders|inventory|returns|masterdata)\.v\d+\.cmd\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

describe('subject catalogue', () => {
  it.each(ALL_SUBJECTS)('%s follows the naming rule and has a schema version', (subject) => {
    expect(EVENT.test(subject) || COMMAND.test(subject)).toBe(true);
    expect(DATA_SCHEMA_VERSION[subject]).toMatch(/^1\.\d+$/);
  });

  it('names every subject once', () => {
    expect(new Set(ALL_SUBJECTS).size).toBe(ALL_SUBJECTS.length);
  });

  it('puts every subject in the stream of its domain', () => {
    for (const subject of ALL_SUBJECTS) {
      const domain = subject.split('.')[1] as keyof typeof DOMAIN_STREAMS;
      expect(DOMAIN_STREAMS[domain].subjects).toContain(`retail.${domain}.>`);
    }
    expect(ALL_STREAMS.map((s) => s.name)).toContain('RETAIL_DLQ');
  });

  it('catalogues a payload class for every subject', () => {
    expect(Object.keys(EVENT_CATALOGUE).sort()).toEqual([...ALL_SUBJECTS].sort());
  });

  it('includes the subjects the contract names', () => {
    expect(ALL_SUBJECTS).toEqual(
      expect.arrayContaining([
        'retail.orders.v1.order.accepted',
        'retail.orders.v1.order.shipped',
        'retail.orders.v1.invoice.requested',
        'retail.orders.v1.customer-notification.requested',
        'retail.inventory.v1.availability.changed',
        'retail.inventory.v1.movement.recorded',
        'retail.returns.v1.return.refunded',
        'retail.masterdata.v1.product.changed',
        'retail.masterdata.v1.location.changed',
        'retail.masterdata.v1.channel-mapping.changed',
        'retail.masterdata.v1.customer.changed',
      ]),
    );
  });
});

describe('partitioned subjects', () => {
  it('builds concrete subjects and filters', () => {
    expect(movementRecordedSubject(3)).toBe('retail.inventory.v1.movement.recorded.3');
    expect(movementRecordCommandSubject(0)).toBe('retail.inventory.v1.cmd.movement.record.0');
    expect(subjectFilter(SUBJECTS.MOVEMENT_RECORDED)).toBe(
      'retail.inventory.v1.movement.recorded.*',
    );
    expect(subjectFilter(SUBJECTS.ORDER_ACCEPTED)).toBe(SUBJECTS.ORDER_ACCEPTED);
    expect(() => movementRecordedSubject(-1)).toThrow(RangeError);
    expect(() => movementRecordedSubject(1.5)).toThrow(RangeError);
  });

  it('maps concrete subjects back to the catalogue', () => {
    expect(catalogueSubjectOf('retail.inventory.v1.movement.recorded.7')).toBe(
      SUBJECTS.MOVEMENT_RECORDED,
    );
    expect(catalogueSubjectOf(SUBJECTS.ORDER_ACCEPTED)).toBe(SUBJECTS.ORDER_ACCEPTED);
    expect(catalogueSubjectOf('retail.inventory.v1.movement.recorded')).toBeUndefined();
    expect(catalogueSubjectOf('retail.orders.v1.order.accepted.3')).toBeUndefined();
    expect(catalogueSubjectOf('retail.inventory.v1.movement.recorded.x')).toBeUndefined();
    expect(PARTITIONED_SUBJECTS).toHaveLength(2);
  });
});

describe('partitionOf', () => {
  it('uses FNV-1a 32 (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('is stable: same position, same partition, in range', () => {
    const first = sut('TSHIRT-BLK-M', 'dc-east', 8);
    expect(sut('TSHIRT-BLK-M', 'dc-east', 8)).toBe(first);
    expect(first).toBe(fnv1a32('TSHIRT-BLK-M\u001fdc-east') % 8);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(8);
  });

  it('does not confuse sku and location boundaries', () => {
    const a = fnv1a32('AB\u001fC');
    const b = fnv1a32('A\u001fBC');
    expect(a).not.toBe(b);
  });

  it('spreads positions evenly enough to scale out', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i += 1) counts[sut(`SKU-${i}`, `loc-${i % 37}`, 8)] += 1;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => sut('a', 'b', 0)).toThrow(RangeError);
    expect(() => sut('a', 'b', 2.5)).toThrow(RangeError);
  });
});
