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
  const subject = catalogueSubjectOf(envelope.value.type);
  if (!subject) return asEvent<T>(envelope, [typeError(envelope.value.type)]);
  const expected = EVENT_CATALOGUE[subject].dataschemaversion;
  if (major(expected) !== major(envelope.value.dataschemaversion)) {
    const message = `dataschemaversion must have major ${major(expected)}`;
    return asEvent<T>(envelope, [{ field: 'dataschemaversion', message }]);
  }
  const entry: EventCatalogueEntry = EVENT_CATALOGUE[subject];
  const data = validateContract(entry.dataClass, envelope.value.data, options);
  const errors = data.errors.map((e) => ({ ...e, field: e.field ? `data.${e.field}` : 'data' }));
  const value = { ...(envelope.value as object), data: data.value } as CloudEvent<T>;
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
