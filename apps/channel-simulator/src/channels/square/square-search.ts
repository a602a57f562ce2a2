import { ChannelHttpError } from '../../common/channel-http.error';
import { parseTime } from '../../common/dates';
import { isRecord } from '../../common/request';

export interface SearchQuery {
  locationIds: string[];
  states?: string[];
  sortField: 'CREATED_AT' | 'UPDATED_AT' | 'CLOSED_AT';
  sortOrder: 'ASC' | 'DESC';
  startAt?: number;
  endAt?: number;
  limit: number;
  returnEntries: boolean;
}

const FIELDS = {
  created_at: 'CREATED_AT',
  updated_at: 'UPDATED_AT',
  closed_at: 'CLOSED_AT',
} as const;

const invalid = (detail: string, field: string) =>
  new ChannelHttpError(400, {
    errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_VALUE', detail, field }],
  });

/**
 * SearchOrders body: location_ids (1-10), query.filter.state_filter / date_time_filter (one
 * of created_at, updated_at, closed_at), query.sort (default CREATED_AT DESC; with a
 * date_time_filter the sort field must be the filtered one, as Square requires), limit
 * (default 500, max 1000).
 */
export function parseSearch(body: Record<string, unknown>): SearchQuery {
  const locationIds = Array.isArray(body.location_ids) ? body.location_ids.map(String) : [];
  if (locationIds.length === 0 || locationIds.length > 10)
    throw invalid('location_ids must list 1 to 10 locations.', 'location_ids');
  const query = isRecord(body.query) ? body.query : {};
  const filter = isRecord(query.filter) ? query.filter : {};
  const sort = isRecord(query.sort) ? query.sort : {};
  const sortField = String(sort.sort_field ?? 'CREATED_AT') as SearchQuery['sortField'];
  const sortOrder = String(sort.sort_order ?? 'DESC') as SearchQuery['sortOrder'];
  if (!Object.values(FIELDS).includes(sortField as never) || !['ASC', 'DESC'].includes(sortOrder)) {
    throw invalid(
      'sort_field must be CREATED_AT, UPDATED_AT or CLOSED_AT and sort_order ASC or DESC.',
      'query.sort',
    );
  }
  const out: SearchQuery = {
    locationIds,
    sortField,
    sortOrder,
    limit: 500,
    returnEntries: body.return_entries === true,
  };
  if (Number.isInteger(body.limit)) out.limit = Math.min(Math.max(1, body.limit as number), 1000);
  if (isRecord(filter.state_filter) && Array.isArray(filter.state_filter.states))
    out.states = filter.state_filter.states.map(String);
  if (isRecord(filter.date_time_filter)) {
    const entries = Object.entries(filter.date_time_filter).filter(([k]) => k in FIELDS);
    if (entries.length !== 1 || !isRecord(entries[0][1]))
      throw invalid(
        'date_time_filter must name one of created_at, updated_at, closed_at.',
        'query.filter.date_time_filter',
      );
    const [name, range] = entries[0] as [keyof typeof FIELDS, Record<string, unknown>];
    if (FIELDS[name] !== sortField) {
      throw invalid(
        `A date_time_filter on ${name} requires sort_field ${FIELDS[name]}.`,
        'query.sort.sort_field',
      );
    }
    out.startAt = parseTime(range.start_at);
    out.endAt = parseTime(range.end_at);
  }
  return out;
}
