import { parseTime } from '../../common/dates';

export interface Filter {
  field: string;
  value: string;
  condition_type: string;
}

export interface SearchCriteria {
  filter_groups: { filters: Filter[] }[];
  sort_orders: { field: string; direction: 'ASC' | 'DESC' }[];
  page_size?: number;
  current_page?: number;
}

const CONDITIONS = [
  'eq',
  'neq',
  'gt',
  'gteq',
  'lt',
  'lteq',
  'in',
  'nin',
  'like',
  'from',
  'to',
  'null',
  'notnull',
];

/**
 * Magento's searchCriteria from flat query keys such as
 * `searchCriteria[filter_groups][0][filters][0][field]=updated_at`. Filters within a group are
 * OR-ed, groups AND-ed (Magento's documented semantics). Throws on an unknown condition.
 */
export function parseSearchCriteria(query: Record<string, unknown>): SearchCriteria {
  const groups: Record<string, Record<string, Partial<Filter>>> = {};
  const sorts: Record<string, { field?: string; direction?: string }> = {};
  const criteria: SearchCriteria = { filter_groups: [], sort_orders: [] };
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
    let m =
      /^searchCriteria\[filter_?[gG]roups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_?[tT]ype)\]$/.exec(
        key,
      );
    if (m) {
      const prop = m[3].startsWith('condition') ? 'condition_type' : (m[3] as 'field' | 'value');
      ((groups[m[1]] ??= {})[m[2]] ??= {})[prop] = value;
      continue;
    }
    m = /^searchCriteria\[sort_?[oO]rders\]\[(\d+)\]\[(field|direction)\]$/.exec(key);
    if (m) {
      (sorts[m[1]] ??= {})[m[2] as 'field' | 'direction'] = value;
      continue;
    }
    if (/^searchCriteria\[page_?[sS]ize\]$/.test(key)) criteria.page_size = Number(value);
    if (/^searchCriteria\[current_?[pP]age\]$/.test(key)) criteria.current_page = Number(value);
  }
  for (const index of Object.keys(groups).sort((a, b) => +a - +b)) {
    const filters = Object.values(groups[index]).map((f) => ({
      field: f.field ?? '',
      value: f.value ?? '',
      condition_type: f.condition_type ?? 'eq',
    }));
    const bad = filters.find((f) => !CONDITIONS.includes(f.condition_type) || f.field === '');
    if (bad)
      throw new RangeError(
        `"${bad.condition_type}" is not a valid condition type for "${bad.field}"`,
      );
    criteria.filter_groups.push({ filters });
  }
  for (const index of Object.keys(sorts).sort((a, b) => +a - +b)) {
    const direction = (sorts[index].direction ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
    criteria.sort_orders.push({ field: sorts[index].field ?? 'entity_id', direction });
  }
  return criteria;
}

/** Whether one order field value passes one filter (dates compared as instants). */
export function passes(actual: unknown, filter: Filter): boolean {
  if (filter.condition_type === 'null') return actual === null || actual === undefined;
  if (filter.condition_type === 'notnull') return actual !== null && actual !== undefined;
  const asTime = (v: unknown) => parseTime(typeof v === 'number' ? String(v) : v);
  const a = typeof actual === 'number' ? actual : (asTime(actual) ?? String(actual));
  const list = filter.value.split(',');
  const b =
    typeof actual === 'number' ? Number(filter.value) : (asTime(filter.value) ?? filter.value);
  switch (filter.condition_type) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gteq':
    case 'from':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lteq':
    case 'to':
      return a <= b;
    case 'in':
      return list.includes(String(actual));
    case 'nin':
      return !list.includes(String(actual));
    case 'like':
      return new RegExp(
        `^${filter.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`,
        'i',
      ).test(String(actual));
    default:
      return false;
  }
}

/** Whether a record meets the criteria's filters (filters OR-ed within a group, groups AND-ed). */
export function meets(criteria: SearchCriteria, valueOf: (field: string) => unknown): boolean {
  return criteria.filter_groups.every((g) => g.filters.some((f) => passes(valueOf(f.field), f)));
}
