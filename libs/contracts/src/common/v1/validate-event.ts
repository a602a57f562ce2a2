import { CloudEvent } from '../cloudevent';
import { EVENT_CATALOGUE, EventCatalogueEntry } from '../../event-catalogue';
import { catalogueSubjectOf } from '../../subjects';
import { CloudEventEnvelope } from './cloud-event-envelope';
import {
  ContractFieldError,
  ContractValidationResult,
  validateContract,
  ValidateContractOptions,
} from './validate-contract';

/**
 * Validates a received CloudEvent: the envelope, then `data` against the payload class of its
 * `type` (partition token ignored), and that the `dataschemaversion` major is one this build
 * understands. Unknown fields are tolerated by default (`forbidUnknown: false`) because v1
 * evolves additively: a consumer must accept payloads from a newer minor version.
 */
export function validateEvent<T extends object = object>(
  plain: unknown,
  options: ValidateContractOptions = { forbidUnknown: false },
): ContractValidationResult<CloudEvent<T>> {
  const envelope = validateContract(CloudEventEnvelope, plain, { forbidUnknown: false });
  if (envelope.errors.length > 0) return asEvent<T>(envelope);
  return validateEventData<T>(envelope.value as unknown as CloudEvent<unknown>, options);
}

/**
 * The data of an event whose envelope is already checked (the consumer runtime checks every
 * delivery's envelope before a handler sees it): its `type` in the catalogue, the
 * `dataschemaversion` major, and `data` against the type's payload class. The same rules as
 * `validateEvent` without validating the envelope a second time, for consumers on the hot path.
 */
export function validateEventData<T extends object = object>(
  event: CloudEvent<unknown>,
  options: ValidateContractOptions = { forbidUnknown: false },
): ContractValidationResult<CloudEvent<T>> {
  const fail = (errors: ContractFieldError[]) => ({
    value: event as unknown as CloudEvent<T>,
    errors,
  });
  const subject = catalogueSubjectOf(event.type);
  if (!subject) return fail([typeError(event.type)]);
  const expected = EVENT_CATALOGUE[subject].dataschemaversion;
  if (major(expected) !== major(event.dataschemaversion)) {
    return fail([
      {
        field: 'dataschemaversion',
        message: `dataschemaversion must have major ${major(expected)}`,
      },
    ]);
  }
  const entry: EventCatalogueEntry = EVENT_CATALOGUE[subject];
  const data = validateContract(entry.dataClass, event.data, options);
  const errors = data.errors.map((e) => ({ ...e, field: e.field ? `data.${e.field}` : 'data' }));
  const value = { ...(event as object), data: data.value } as CloudEvent<T>;
  return { value, errors };
}

function asEvent<T>(
  result: ContractValidationResult<CloudEventEnvelope>,
  extra: ContractFieldError[] = [],
): ContractValidationResult<CloudEvent<T>> {
  const value = result.value as unknown as CloudEvent<T>;
  return { value, errors: [...result.errors, ...extra] };
}

function typeError(type: string): ContractFieldError {
  return { field: 'type', message: `type ${type} is not in the subject catalogue` };
}

function major(version: string): string {
  return version.split('.')[0];
}
