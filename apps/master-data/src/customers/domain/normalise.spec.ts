import { emailMatchKey, normaliseEmail, phoneMatchKey } from './normalise';

describe('customer match keys', () => {
  it('lowercases and trims e-mails', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(emailMatchKey(' Ada@Example.COM')).toBe('ada@example.com');
  });

  it('ignores dots and +tags for Gmail only', () => {
    expect(emailMatchKey('A.da.Love+shop@GoogleMail.com')).toBe('adalove@gmail.com');
    expect(emailMatchKey('a.da@example.com')).toBe('a.da@example.com');
  });

  it('reads phones E.164-ish', () => {
    expect(phoneMatchKey('+49 (30) 123-4567')).toBe('+49301234567');
    expect(phoneMatchKey('0049 30 1234567')).toBe('+49301234567');
    expect(phoneMatchKey('call me')).toBeUndefined();
    expect(phoneMatchKey('123')).toBeUndefined();
  });
});
