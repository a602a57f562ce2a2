import {
  hmacSignature,
  parseOAuthHeader,
  percentEncode,
  realmOf,
  signatureBaseString,
  tbaAuthorization,
} from './tba-signature';

// NetSuite Help Center, "The Signature for Web Services and RESTlets" and "The Authorization
// Headers" (section_1534941088 / section_1534941295): the published inputs and outputs.
const NETSUITE = {
  accountId: '123456',
  consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
  consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
  tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
  tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
};
const FIXED = { nonce: () => 'fjaLirsIcCGVZWzBX0pg', timestamp: () => '1508242306' };

describe('NetSuite TBA signature', () => {
  it("builds NetSuite's REST web services example header exactly", () => {
    const sut = tbaAuthorization(
      'GET',
      'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40',
      NETSUITE,
      FIXED,
    );

    expect(sut).toBe(
      'OAuth realm="123456", ' +
        'oauth_token="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc", ' +
        'oauth_consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4", ' +
        'oauth_nonce="fjaLirsIcCGVZWzBX0pg", oauth_timestamp="1508242306", ' +
        'oauth_signature_method="HMAC-SHA256", oauth_version="1.0", ' +
        'oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"',
    );
  });

  it("signs NetSuite's RESTlet example (query parameters in the base string)", () => {
    const url =
      'https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl' +
      '?script=6&deploy=1&customParam=someValue&testParam=someOtherValue';

    const sut = parseOAuthHeader(tbaAuthorization('POST', url, NETSUITE, FIXED));

    expect(sut.oauth_signature).toBe('+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ=');
    expect(sut.realm).toBe('123456');
  });

  it('derives the realm as NetSuite writes it for sandboxes', () => {
    expect(realmOf('1234567-sb1')).toBe('1234567_SB1');
  });
});

describe('OAuth 1.0a (RFC 5849) building blocks', () => {
  it('normalises the RFC 5849 section 3.4.1.1 example into its published base string', () => {
    const sut = signatureBaseString(
      'POST',
      'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      {
        oauth_consumer_key: '9djdj82h48djs9d2',
        oauth_token: 'kkk9d7dh3k39sjv7',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131201',
        oauth_nonce: '7d8f3e4a',
      },
      [
        ['c2', ''],
        ['a3', '2 q'],
      ],
    );

    expect(sut).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D' +
        '%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a' +
        '%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201' +
        '%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('reproduces the OAuth Core 1.0 appendix A.5 HMAC signature', () => {
    const base = signatureBaseString(
      'GET',
      'http://photos.example.net/photos?file=vacation.jpg&size=original',
      {
        oauth_consumer_key: 'dpf43f3p2l4k3l03',
        oauth_token: 'nnch734d00sl2jdk',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '1191242096',
        oauth_nonce: 'kllo9940pd9333jh',
        oauth_version: '1.0',
      },
    );

    const sut = hmacSignature(base, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00', 'sha1');

    expect(sut).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('percent-encodes what encodeURIComponent leaves (RFC 3986 unreserved only)', () => {
    expect(percentEncode("!*'() /é~")).toBe('%21%2A%27%28%29%20%2F%C3%A9~');
  });

  it('changes the signature with the method, the URL or a secret', () => {
    const url = 'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40';
    const sig = (h: string) => parseOAuthHeader(h).oauth_signature;
    const base = sig(tbaAuthorization('GET', url, NETSUITE, FIXED));

    expect(sig(tbaAuthorization('PUT', url, NETSUITE, FIXED))).not.toBe(base);
    expect(sig(tbaAuthorization('GET', `${url}1`, NETSUITE, FIXED))).not.toBe(base);
    expect(sig(tbaAuthorization('GET', url, { ...NETSUITE, tokenSecret: 'x' }, FIXED))).not.toBe(
      base,
    );
  });
});
