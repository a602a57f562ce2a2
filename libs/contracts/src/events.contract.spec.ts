import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { validateEvent as sut } from './common/v1/validate-event';
import { EVENT_CATALOGUE } from './event-catalogue';
import { ALL_SUBJECTS, DEFAULT_MOVEMENT_PARTITIONS, partitionOf, Subject } from './subjects';
import { eventFixturePaths } from './testing/load-fixture';

type Plain = Record<string, any>;
const paths = eventFixturePaths(__dirname);
const fixtureFor = (subject: Subject): Plain => {
  const path = paths.find((p) => basename(p) === `${subject}.json`);
  if (!path) throw new Error(`no fixture for ${subject}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Plain;
};

describe('event fixtures (golden CloudEvents)', () => {
  it('has exactly one fixture per catalogued subject', () => {
    expect(paths.map((p) => basename(p, '.json')).sort()).toEqual([...ALL_SUBJECTS].sort());
  });

  it.each(ALL_SUBJECTS)('%s validates strictly, envelope and data', (subject) => {
    const { value, errors } = sut(fixtureFor(subject), { forbidUnknown: true });
    expect(errors).toEqual([]);
    expect(value.data).toBeInstanceOf(EVENT_CATALOGUE[subject].dataClass);
    expect(value.dataschemaversion).toBe(EVENT_CATALOGUE[subject].dataschemaversion);
  });

  it.each(ALL_SUBJECTS.filter((s) => EVENT_CATALOGUE[s].partitioned))(
    '%s carries the partition of its SKU and location',
    (subject) => {
      const event = fixtureFor(subject);
      const [sku, locationId] = event.subject.split('@');
      const partition = partitionOf(sku, locationId, DEFAULT_MOVEMENT_PARTITIONS);
      expect(event.type).toBe(`${subject}.${partition}`);
    },
  );

  it.each(ALL_SUBJECTS.filter((s) => !EVENT_CATALOGUE[s].partitioned))(
    '%s has type equal to its subject',
    (subject) => {
      expect(fixtureFor(subject).type).toBe(subject);
    },
  );
});

describe('validateEvent', () => {
  const accepted = () => fixtureFor('retail.orders.v1.order.accepted');

  it('tolerates additive fields by default (a newer minor version) and strips them', () => {
    const event = accepted();
    event.data.order.lines[0].giftMessage = 'hi';
    event.dataschemaversion = '1.3';
    event.partitionkey = 'ext';
    const { value, errors } = sut(event);
    expect(errors).toEqual([]);
    expect((value.data as Plain).order.lines[0]).not.toHaveProperty('giftMessage');
  });

  it('flags additive fields in strict mode with a data. path', () => {
    const event = accepted();
    event.data.order.lines[0].giftMessage = 'hi';
    const fields = sut(event, { forbidUnknown: true }).errors.map((e) => e.field);
    expect(fields).toEqual(['data.order.lines.0.giftMessage']);
  });

  it('reports bad data with a data. path', () => {
    const event = accepted();
    event.data.order.lines[0].quantity = -1;
    expect(sut(event).errors.map((e) => e.field)).toEqual(['data.order.lines.0.quantity']);
  });

  it.each([
    ['an unknown type', (e: Plain) => (e.type = 'retail.orders.v1.order.teleported'), 'type'],
    ['a partition token on an unpartitioned subject', (e: Plain) => (e.type += '.1'), 'type'],
    ['another major version', (e: Plain) => (e.dataschemaversion = '2.0'), 'dataschemaversion'],
    ['a bad specversion', (e: Plain) => (e.specversion = '0.3'), 'specversion'],
    ['a time without offset', (e: Plain) => (e.time = '2026-11-20T13:03:12'), 'time'],
    ['a missing correlation id', (e: Plain) => delete e.correlationid, 'correlationid'],
    ['a bad traceparent', (e: Plain) => (e.traceparent = 'abc'), 'traceparent'],
    ['a sequence that is not 20 digits', (e: Plain) => (e.sequence = '42'), 'sequence'],
    ['data that is not an object', (e: Plain) => (e.data = 'x'), 'data'],
  ])('rejects %s', (_name, mutate, field) => {
    const event = accepted();
    mutate(event);
    expect(sut(event).errors.map((e) => e.field)).toContain(field);
  });
});
