import schema from '../../../schemas/AvailabilityQuery.json';
import { CompiledContract } from '../../common/v1/compiled-contract';
import { AvailabilityQuery } from './availability-query';

/**
 * `AvailabilityQuery` compiled (`POST /v1/availability:query`): up to 1,000 SKUs per call, polled
 * by every channel at peak. Checking each SKU through the class's four `each` rules cost more
 * than answering the query from the in-memory view.
 */
export const AVAILABILITY_QUERY_CONTRACT = new CompiledContract(AvailabilityQuery, schema);
