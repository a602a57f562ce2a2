import { parseSearchCriteria, passes } from './search-criteria';

describe('Magento searchCriteria', () => {
  it('parses filter groups, sort orders and paging from flat query keys', () => {
    const sut = parseSearchCriteria({
      'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
      'searchCriteria[filter_groups][0][filters][0][value]': '2026-01-01 00:00:00',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
      'searchCriteria[sortOrders][0][field]': 'updated_at',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[pageSize]': '50',
      'searchCriteria[currentPage]': '2',
    });

    expect(sut).toEqual({
      filter_groups: [
        {
          filters: [{ field: 'updated_at', value: '2026-01-01 00:00:00', condition_type: 'gteq' }],
        },
      ],
      sort_orders: [{ field: 'updated_at', direction: 'ASC' }],
      page_size: 50,
      current_page: 2,
    });
  });

  it('refuses an unknown condition type', () => {
    expect(() =>
      parseSearchCriteria({
        'searchCriteria[filter_groups][0][filters][0][field]': 'status',
        'searchCriteria[filter_groups][0][filters][0][condition_type]': 'approximately',
      }),
    ).toThrow(RangeError);
  });

  it('compares dates as instants and numbers as numbers', () => {
    const gteq = { field: 'updated_at', value: '2026-01-01T10:00:00Z', condition_type: 'gteq' };

    expect(passes('2026-01-01 10:00:00', gteq)).toBe(true);
    expect(passes('2026-01-01 09:59:59', gteq)).toBe(false);
    expect(passes(12, { field: 'entity_id', value: '9', condition_type: 'gt' })).toBe(true);
    expect(
      passes('pending', { field: 'status', value: 'pending,processing', condition_type: 'in' }),
    ).toBe(true);
  });
});
