import { breakingChanges, incompleteOperations } from './checks';
import { drift } from './files';

const problem = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  description: 'Unprocessable Content',
};

function doc(overrides: { required?: string[]; resultFields?: string[]; op?: object } = {}) {
  const resultFields = overrides.resultFields ?? ['id', 'status'];
  return {
    openapi: '3.1.0',
    paths: {
      '/v1/things': {
        post: {
          security: [{ 'api-key': [] }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          responses: {
            201: {
              description: 'Created',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } },
            },
            422: problem,
          },
          ...overrides.op,
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: overrides.required ?? ['name'],
          properties: { name: { type: 'string' }, note: { type: 'string' } },
        },
        Result: {
          type: 'object',
          properties: Object.fromEntries(resultFields.map((f) => [f, { type: 'string' }])),
        },
      },
    },
  };
}

describe('OpenAPI completeness check', () => {
  it('passes a complete operation', () => {
    expect(incompleteOperations(doc())).toEqual([]);
  });

  it('fails an operation without a request body schema', () => {
    expect(incompleteOperations(doc({ op: { requestBody: undefined } }))).toEqual([
      'POST /v1/things: no request body schema',
    ]);
  });

  it('fails a request body whose schema names no field (a class without metadata)', () => {
    const d = doc();
    (d.components.schemas as Record<string, unknown>).Thing = { type: 'object', properties: {} };
    expect(incompleteOperations(d)).toEqual(['POST /v1/things: request body schema has no fields']);
  });

  it('accepts a POST without body only when it declares x-request-body: none', () => {
    const op = { requestBody: undefined, 'x-request-body': 'none' };
    expect(incompleteOperations(doc({ op }))).toEqual([]);
  });

  it('fails an operation without a described success response', () => {
    const op = { responses: { 201: { description: '' }, 422: problem } };
    expect(incompleteOperations(doc({ op }))).toEqual([
      'POST /v1/things: no described success response',
    ]);
  });

  it('fails a success response whose schema names no field', () => {
    const d = doc();
    (d.components.schemas as Record<string, unknown>).Result = { type: 'object' };
    expect(incompleteOperations(d)).toEqual(['POST /v1/things: no described success response']);
  });

  it('fails an operation without a problem+json error response', () => {
    const op = { responses: { 201: { description: 'Created' } } };
    expect(incompleteOperations(doc({ op }))).toEqual([
      'POST /v1/things: no problem+json error response',
    ]);
  });

  it('fails an operation that states no security', () => {
    expect(incompleteOperations(doc({ op: { security: undefined } }))).toEqual([
      'POST /v1/things: no security requirement',
    ]);
  });
});

describe('OpenAPI compatibility check', () => {
  it('finds nothing between a document and itself or an additive change', () => {
    expect(breakingChanges(doc(), doc())).toEqual([]);
    expect(breakingChanges(doc(), doc({ resultFields: ['id', 'status', 'extra'] }))).toEqual([]);
  });

  it('fails on a removed operation', () => {
    expect(breakingChanges(doc(), { ...doc(), paths: {} })).toEqual([
      'POST /v1/things: operation removed',
    ]);
  });

  it('fails on a removed response field', () => {
    expect(breakingChanges(doc(), doc({ resultFields: ['id'] }))).toEqual([
      'POST /v1/things 201: response field status removed',
    ]);
  });

  it('fails on a request field that became required', () => {
    expect(breakingChanges(doc(), doc({ required: ['name', 'note'] }))).toEqual([
      'POST /v1/things: request field note now required',
    ]);
  });
});

describe('drift', () => {
  it('names the files that differ, are missing or are extra', () => {
    const committed = { 'a.json': '1', 'b.json': '2', 'c.json': '3' };
    expect(drift(committed, { ...committed })).toEqual([]);
    expect(drift(committed, { 'a.json': '1', 'b.json': '9', 'd.json': '4' })).toEqual([
      'b.json',
      'c.json',
      'd.json',
    ]);
  });
});
