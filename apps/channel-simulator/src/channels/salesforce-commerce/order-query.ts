import { parseTime } from '../../common/dates';
import { isRecord } from '../../common/request';

type Predicate = (order: Record<string, unknown>) => boolean;

const TIME_FIELDS = ['last_modified', 'creation_date'];

/**
 * The OCAPI search query subset order pollers use: match_all_query, term_query, and a
 * filtered_query with range_filter / term_filter. Throws RangeError on anything else.
 */
export function orderPredicate(query: unknown): Predicate {
  if (query === undefined) return () => true;
  if (!isRecord(query)) throw new RangeError('query must be an object');
  if (isRecord(query.match_all_query)) return () => true;
  if (isRecord(query.term_query)) return termPredicate(query.term_query, 'fields');
  if (isRecord(query.filtered_query)) {
    const inner = orderPredicate(query.filtered_query.query);
    const filter = filterPredicate(query.filtered_query.filter);
    return (o) => inner(o) && filter(o);
  }
  throw new RangeError(`unsupported query: ${Object.keys(query).join(', ')}`);
}

function filterPredicate(filter: unknown): Predicate {
  if (!isRecord(filter)) throw new RangeError('filtered_query.filter must be an object');
  if (isRecord(filter.range_filter)) return rangePredicate(filter.range_filter);
  if (isRecord(filter.term_filter)) return termPredicate(filter.term_filter, 'field');
  throw new RangeError(`unsupported filter: ${Object.keys(filter).join(', ')}`);
}

function rangePredicate(range: Record<string, unknown>): Predicate {
  const field = String(range.field ?? '');
  const isTime = TIME_FIELDS.includes(field);
  const convert = (v: unknown) => (v === undefined ? undefined : isTime ? parseTime(v) : Number(v));
  const from = convert(range.from);
  const to = convert(range.to);
  if (
    (range.from !== undefined && from === undefined) ||
    (range.to !== undefined && to === undefined)
  ) {
    throw new RangeError(`range_filter on ${field}: from/to are not valid values`);
  }
  const fromInclusive = range.from_inclusive !== false;
  const toInclusive = range.to_inclusive !== false;
  return (o) => {
    const value = convert(o[field]);
    if (value === undefined || Number.isNaN(value)) return false;
    const aboveFrom = from === undefined || (fromInclusive ? value >= from : value > from);
    const belowTo = to === undefined || (toInclusive ? value <= to : value < to);
    return aboveFrom && belowTo;
  };
}

function termPredicate(term: Record<string, unknown>, fieldKey: 'field' | 'fields'): Predicate {
  const fields =
    fieldKey === 'fields' && Array.isArray(term.fields)
      ? term.fields.map(String)
      : [String(term.field ?? '')];
  const values = Array.isArray(term.values) ? term.values.map(String) : [];
  return (o) => fields.some((f) => values.includes(String(o[f])));
}

/** Sort by OCAPI field names; timestamps compared as instants. */
export function orderComparator(
  sorts: unknown,
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const list = Array.isArray(sorts) ? sorts.filter(isRecord) : [];
  const keys = list.length > 0 ? list : [{ field: 'order_no', sort_order: 'asc' }];
  return (a, b) => {
    for (const sort of keys) {
      const field = String(sort.field);
      const key = (o: Record<string, unknown>) =>
        TIME_FIELDS.includes(field) ? (parseTime(o[field]) ?? 0) : String(o[field] ?? '');
      const [x, y] = [key(a), key(b)];
      if (x !== y) return (x < y ? -1 : 1) * (sort.sort_order === 'desc' ? -1 : 1);
    }
    return 0;
  };
}
