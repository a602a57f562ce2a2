import { RequestContext } from '@retail/platform-observability';
import { eventSequence } from '@retail/contracts';
import { buildEvent, eventSubject, validateEnvelope } from './envelope';

const draft = { type: 'retail.orders.v1.order.accepted', subject: 'o-1', data: { a: 1 } };

describe('buildEvent', () => {
  it('fills the envelope with a UUID v7 id and the service source', () => {
    const sut = buildEvent(draft, 'order-ingestion', {}, new Date('2026-01-01T00:00:00Z'));
    expect(sut.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(sut).toMatchObject({
      specversion: '1.0',
      source: '/retail/order-ingestion',
      type: draft.type,
      subject: 'o-1',
      time: '2026-01-01T00:00:00.000Z',
      dataschemaversion: '1.0',
      datacontenttype: 'application/json',
      correlationid: sut.id,
    });
  });

  it('takes correlation and causation from the ambient request context', () => {
    const sut = RequestContext.run({ correlationId: 'c-9', causationId: 'e-8' }, () =>
      buildEvent(draft, 'svc'),
    );
    expect(sut.correlationid).toBe('c-9');
    expect(sut.causationid).toBe('e-8');
  });

  it('prefers the explicit ctx over the ambient context', () => {
    const sut = RequestContext.run({ correlationId: 'ambient' }, () =>
      buildEvent(draft, 'svc', { correlationId: 'explicit' }),
    );
    expect(sut.correlationid).toBe('explicit');
  });
});

describe('validateEnvelope', () => {
  it('accepts a built event', () => {
    const event = buildEvent(draft, 'svc');
    expect(validateEnvelope(JSON.parse(JSON.stringify(event)), draft.type).id).toBe(event.id);
  });

  it('lists every problem of a broken envelope', () => {
    expect(() => validateEnvelope({ specversion: '0.3', id: 1 })).toThrow(
      /specversion.*id must be.*data is missing/,
    );
  });

  it('accepts a 20-digit sequence and rejects any other', () => {
    const event = { ...buildEvent(draft, 'svc'), sequence: eventSequence(42) };
    expect(validateEnvelope(event).sequence).toBe('00000000000000000042');
    expect(() => validateEnvelope({ ...event, sequence: 42 })).toThrow(/sequence must be/);
    expect(() => validateEnvelope({ ...event, sequence: '42' })).toThrow(/sequence must be/);
  });

  it('rejects an event published on a subject other than its type', () => {
    const event = buildEvent(draft, 'svc');
    expect(() => validateEnvelope(event, 'retail.orders.v1.order.cancelled')).toThrow(
      'does not match',
    );
  });
});

describe('partitioned subjects', () => {
  it('accepts an event whose subject is its type plus a partition token', () => {
    const event = buildEvent({ ...draft, type: 'retail.inventory.v1.movement.recorded' }, 'svc');
    expect(() => validateEnvelope(event, 'retail.inventory.v1.movement.recorded.p7')).not.toThrow();
  });
});

describe('eventSubject', () => {
  const MOVEMENT = 'retail.inventory.v1.movement.recorded';

  it('is the type when the type already is the partitioned subject (type = subject)', () => {
    expect(eventSubject(`${MOVEMENT}.7`)).toBe(`${MOVEMENT}.7`);
    expect(eventSubject(`${MOVEMENT}.7`, '7')).toBe(`${MOVEMENT}.7`);
  });

  it('appends a partition token to a bare type', () => {
    expect(eventSubject(MOVEMENT, '7')).toBe(`${MOVEMENT}.7`);
    expect(eventSubject('retail.orders.v1.order.accepted')).toBe('retail.orders.v1.order.accepted');
  });
});
