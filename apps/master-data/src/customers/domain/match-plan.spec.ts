import { MatchRules, toMatchInput, type KnownCustomer } from './match-plan';

let n = 0;
const newId = () => `cus_new${++n}`;
const known = (over: Partial<KnownCustomer>): KnownCustomer => ({
  id: 'cus_1',
  emailKey: null,
  phoneKey: null,
  named: false,
  erased: false,
  identities: [],
  ...over,
});
const input = (r: Record<string, string>) => toMatchInput({ channel: 'shopify', ...r });

describe('MatchRules', () => {
  it('probes the channel id, then the e-mail key, then the phone key', () => {
    const customers = [
      known({ id: 'cus_id', identities: [{ channel: 'shopify', channelCustomerId: '7' }] }),
      known({ id: 'cus_mail', emailKey: 'adalove@gmail.com' }),
      known({ id: 'cus_phone', phoneKey: '+49301234567' }),
    ];
    const sut = MatchRules.plan(
      [
        input({ channelCustomerId: '7', email: 'Ada.Love@gmail.com' }),
        input({ email: 'ada.love+x@googlemail.com', phone: '0049 30 1234567' }),
        input({ phone: '+49 (30) 123-4567' }),
      ],
      customers,
      { confined: false, newId },
    );
    expect(sut.answers.map((a) => [a.customerId, a.matchedBy])).toEqual([
      ['cus_id', 'channelCustomerId'],
      ['cus_mail', 'email'],
      ['cus_phone', 'phone'],
    ]);
    expect(sut.created).toEqual([]);
    // The e-mail is held by cus_mail: cus_id is not given it; nothing else changed.
    expect([...sut.changed]).toEqual([]);
  });

  it('fills what a matched customer lacks, links the channel id, never takes a held key', () => {
    const customers = [
      known({ id: 'cus_a', emailKey: 'a@example.com' }),
      known({ id: 'cus_b', phoneKey: '+4930111111' }),
    ];
    const sut = MatchRules.plan(
      [input({ channelCustomerId: 'A1', email: 'a@example.com', phone: '+4930111111', name: 'A' })],
      customers,
      { confined: false, newId },
    );
    expect(sut.answers[0]).toEqual({ customerId: 'cus_a', matchedBy: 'email', created: false });
    expect(sut.links).toEqual([
      { channel: 'shopify', channelCustomerId: 'A1', customerId: 'cus_a' },
    ]);
    expect(sut.filled.get('cus_a')).toMatchObject({ phoneKey: null, name: 'A' });
    expect([...sut.changed]).toEqual(['cus_a']);
  });

  it('in a confined match finds only customers the channel knows, and keeps held keys as data', () => {
    const customers = [known({ id: 'cus_other', emailKey: 'g@example.com', identities: [] })];
    const sut = MatchRules.plan([input({ email: 'g@example.com', name: 'M' })], customers, {
      confined: true,
      newId: () => 'cus_fresh',
    });
    expect(sut.answers[0]).toEqual({ customerId: 'cus_fresh', matchedBy: 'none', created: true });
    expect(sut.created[0]).toMatchObject({ email: 'g@example.com', emailKey: null });
    expect(sut.changed.size).toBe(0);
  });

  it('matches later entries to a customer an earlier entry created, as one new customer', () => {
    const sut = MatchRules.plan(
      [input({ email: 'new@example.com' }), input({ email: 'NEW@example.com', name: 'N' })],
      [],
      { confined: false, newId: () => 'cus_n' },
    );
    expect(sut.answers.map((a) => a.matchedBy)).toEqual(['none', 'email']);
    expect(sut.created).toEqual([
      expect.objectContaining({ id: 'cus_n', emailKey: 'new@example.com', name: 'N' }),
    ]);
    expect(sut.changed.size).toBe(0);
  });
});
