import schema from '../../../schemas/ReservationRequest.json';
import { CompiledContract } from '../../common/v1/compiled-contract';
import { ReservationRequest } from './reservation-request';

/** `ReservationRequest` compiled (`POST /v1/reservations`: every checkout of a flash sale). */
export const RESERVATION_REQUEST_CONTRACT = new CompiledContract(ReservationRequest, schema);
