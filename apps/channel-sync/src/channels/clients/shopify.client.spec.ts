import { nextPageInfo as sut } from './shopify.client';

describe('nextPageInfo', () => {
  it('takes the next page_info from the Link header', () => {
    const link =
      '<https://s.myshopify.com/admin/api/2024-04/orders.json?limit=50&page_info=prev1>; rel="previous", ' +
      '<https://s.myshopify.com/admin/api/2024-04/orders.json?limit=50&page_info=next2>; rel="next"';
    expect(sut(link)).toBe('next2');
  });
  it('is undefined on the last page', () => {
    expect(
      sut('<https://s/admin/api/2024-04/orders.json?page_info=p>; rel="previous"'),
    ).toBeUndefined();
    expect(sut(null)).toBeUndefined();
  });
});
