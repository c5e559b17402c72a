import type { ApiErrorBody } from '@hostdeck/contracts';

import {
  fillPath,
  JsonSchema,
  OpenApiDocument,
  resolveSchema,
  RouteOperation,
} from './openapi-routes';
import { SeededRandom } from './seeded-random';

/** What one fuzz case sends. The path is already filled in (raw, possibly hostile). */
export interface FuzzRequest {
  name: string;
  method: string;
  path: string;
  query: string;
  body?:
    | { kind: 'json'; value: unknown }
    | { kind: 'raw'; text: string; contentType: string }
    | { kind: 'form'; fields: Record<string, string>; files: Record<string, FuzzFile> };
}

export interface FuzzFile {
  name: string;
  data: Buffer;
  type: string;
}

const HUGE = 100_000;
const ONE_MEGABYTE = 1024 * 1024;

/** Strings that have broken parsers, databases and terminals before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀🏳️‍🌈',
  'ﷺ‮RTL',
  'e\u0301\u0301\u0301',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00',
  '\r\nX-Injected: 1',
  'null',
  'true',
  '[]',
  '{}',
];

/** Numbers (and number-like strings) at and past every edge. */
const NASTY_NUMBERS: unknown[] = [
  -1,
  0,
  -0,
  0.5,
  -2.5,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '0x10',
  '1_000',
  '',
];

/** Path parameters a router, a parser or a file system could trip over. */
export const NASTY_PATH_PARAMS = [
  '-1',
  '0',
  '1e309',
  '1.5',
  '0x1f',
  ' 1',
  'abc',
  '..',
  '../',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%2e%2e',
  '%F0%9F%98%80',
  '2147483648',
  '9223372036854775808',
  '9'.repeat(400),
  'a'.repeat(4000),
  'null',
  'undefined',
  '[]',
];

function deepNest(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const WRONG_TYPES: unknown[] = [null, true, 1, 'text', [], {}, [1, 2], { nested: { x: 1 } }];

/** A value that fits the schema (a valid-looking request to start from). */
export function sampleValue(
  doc: OpenApiDocument,
  raw: JsonSchema | undefined,
  rng: SeededRandom,
  name = '',
  depth = 0,
): unknown {
  const schema = resolveSchema(doc, raw);
  if (schema.enum && schema.enum.length > 0) return rng.pick(schema.enum);
  if (schema.oneOf?.length) return sampleValue(doc, rng.pick(schema.oneOf), rng, name, depth);
  if (schema.anyOf?.length) return sampleValue(doc, rng.pick(schema.anyOf), rng, name, depth);
  if (schema.allOf?.length) return sampleValue(doc, schema.allOf[0], rng, name, depth);
  if (schema.example !== undefined && (schema.pattern || rng.chance(0.5))) return schema.example;
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 1;
      const max = schema.maximum ?? Math.max(min + 100, 1);
      return rng.int(min, Math.min(max, min + 1000));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array':
      if (depth > 4) return [];
      return Array.from({ length: rng.int(0, 2) }, () =>
        sampleValue(doc, schema.items, rng, name, depth + 1),
      );
    case 'object': {
      if (depth > 4) return {};
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || rng.chance(0.5))
          value[key] = sampleValue(doc, property, rng, key, depth + 1);
      }
      return value;
    }
    default: {
      if (schema.format === 'date-time') return new Date().toISOString();
      if (/email/i.test(name)) return `fuzz${rng.word(8)}@example.com`;
      const min = schema.minLength ?? 1;
      const max = Math.min(schema.maxLength ?? 24, 24);
      return rng.word(rng.int(Math.max(min, 2), Math.max(min, max, 2)));
    }
  }
}

export function isApiErrorBody(body: unknown, status: number): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(',');
  const message = record['message'];
  return (
    keys === 'error,message,statusCode' &&
    record['statusCode'] === status &&
    typeof record['error'] === 'string' &&
    (typeof message === 'string' ||
      (Array.isArray(message) && message.every((item) => typeof item === 'string')))
  );
}

interface BaseRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** JSON body object (or form fields), when the route takes one. */
  fields?: Record<string, unknown>;
  schema?: JsonSchema;
  contentType?: 'json' | 'form';
}

function encodeQuery(query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function formOf(
  doc: OpenApiDocument,
  schema: JsonSchema | undefined,
  fields: Record<string, unknown>,
  rng: SeededRandom,
  validFile: FuzzFile,
): { fields: Record<string, string>; files: Record<string, FuzzFile> } {
  const properties = resolveSchema(doc, schema).properties ?? {};
  const form: Record<string, string> = {};
  const files: Record<string, FuzzFile> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (properties[key]?.format === 'binary') {
      files[key] = rng.chance(0.7)
        ? validFile
        : { name: `${rng.word(6)}.bin`, data: Buffer.from(rng.word(40)), type: 'text/plain' };
    } else {
      form[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return { fields: form, files };
}

/**
 * Up to `count` requests for one route: the first fits its schema, the rest mutate it (types,
 * missing and unknown fields, huge and hostile values, deep nesting, 1 MB bodies, malformed JSON,
 * wrong content types, hostile path parameters).
 */
export function fuzzCases(
  doc: OpenApiDocument,
  route: RouteOperation,
  realParams: Record<string, string | number>,
  rng: SeededRandom,
  count: number,
  validFile: FuzzFile,
): FuzzRequest[] {
  const parameters = route.operation.parameters ?? [];
  const content = route.operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const formSchema = content['multipart/form-data']?.schema;

  const base = (): BaseRequest => {
    const pathParams: Record<string, string> = {};
    const query: Record<string, string> = {};
    for (const parameter of parameters) {
      if (parameter.in === 'path') pathParams[parameter.name] = String(realParams[parameter.name]);
      if (parameter.in === 'query' && (parameter.required || rng.chance(0.5)))
        query[parameter.name] = String(sampleValue(doc, parameter.schema, rng, parameter.name));
    }
    const schema = jsonSchema ?? formSchema;
    const fields = schema ? (sampleValue(doc, schema, rng) as Record<string, unknown>) : undefined;
    const contentType = jsonSchema ? 'json' : formSchema ? 'form' : undefined;
    return { pathParams, query, fields, schema, contentType };
  };

  const build = (
    name: string,
    request: BaseRequest,
    overrides: { query?: string; body?: FuzzRequest['body']; rawPath?: boolean } = {},
  ): FuzzRequest => {
    let body: FuzzRequest['body'];
    if (overrides.body) body = overrides.body;
    else if (request.fields && request.contentType === 'json')
      body = { kind: 'json', value: request.fields };
    else if (request.fields && request.contentType === 'form')
      body = { kind: 'form', ...formOf(doc, request.schema, request.fields, rng, validFile) };
    return {
      name,
      method: route.method,
      path: fillPath(route.path, request.pathParams, { raw: overrides.rawPath }),
      query: overrides.query ?? encodeQuery(request.query),
      body,
    };
  };

  const bodyKeys = (request: BaseRequest) => {
    const properties = resolveSchema(doc, request.schema).properties ?? {};
    return [...new Set([...Object.keys(properties), ...Object.keys(request.fields ?? {})])];
  };

  type Mutation = () => FuzzRequest | undefined;
  const withField =
    (label: string, value: () => unknown): Mutation =>
    () => {
      const request = base();
      const keys = bodyKeys(request);
      if (!request.fields || keys.length === 0) return undefined;
      const key = rng.pick(keys);
      request.fields = { ...request.fields, [key]: value() };
      return build(`${label} in ${key}`, request);
    };
  const withQuery =
    (label: string, value: () => string): Mutation =>
    () => {
      const request = base();
      const names = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const name =
        names.length > 0 && rng.chance(0.8) ? rng.pick(names) : `unknown${rng.int(1, 9)}`;
      request.query = { ...request.query, [name]: value() };
      return build(`${label} in ?${name}`, request);
    };
  const rawBody =
    (label: string, text: () => string, contentType: string): Mutation =>
    () =>
      build(label, base(), { body: { kind: 'raw', text: text(), contentType } });

  const hasBody = Boolean(jsonSchema ?? formSchema);
  const hasPath = parameters.some((p) => p.in === 'path');
  const canHaveBody = route.method !== 'GET';
  const mutations: Mutation[] = [
    withQuery('nasty string', () => rng.pick(NASTY_STRINGS)),
    withQuery('nasty number', () => String(rng.pick(NASTY_NUMBERS))),
    withQuery('huge string', () => 'q'.repeat(rng.pick([1000, 8000]))),
    () => {
      const request = base();
      const names = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      if (names.length === 0) return undefined;
      const name = rng.pick(names);
      return build(`array for ?${name}`, request, {
        query: encodeQuery({ ...request.query, [name]: ['1', 'x', ''] }),
      });
    },
  ];
  if (canHaveBody)
    mutations.push(
      rawBody(
        'malformed JSON',
        () => rng.pick(['{', '{"a":', '[1,,2]', "{'a':1}", '{"a":NaN}', '\u0000']),
        'application/json',
      ),
      rawBody(
        'JSON sent as text/plain',
        () => JSON.stringify(base().fields ?? { a: 1 }),
        'text/plain',
      ),
      rawBody('form-urlencoded body', () => 'a=1&b=2', 'application/x-www-form-urlencoded'),
      rawBody(
        'body of 1 MB',
        () => JSON.stringify({ a: 'x'.repeat(ONE_MEGABYTE) }),
        'application/json',
      ),
      rawBody(
        'number past double range',
        () => '{"amountMinor":1e309,"id":1e309}',
        'application/json',
      ),
      rawBody(
        'bogus multipart',
        () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
        'multipart/form-data; boundary=x',
      ),
      rawBody('multipart without boundary', () => 'garbage', 'multipart/form-data'),
      rawBody(
        'whole body a scalar',
        () => rng.pick(['null', '1', '"text"', 'true', '[]', '[{}]']),
        'application/json',
      ),
      rawBody(
        'deep nesting (array)',
        () => `${'['.repeat(1000)}${']'.repeat(1000)}`,
        'application/json',
      ),
    );
  if (hasBody) {
    mutations.push(
      withField('wrong type', () => rng.pick(WRONG_TYPES)),
      withField('nasty string', () => rng.pick(NASTY_STRINGS)),
      withField('nasty number', () => rng.pick(NASTY_NUMBERS)),
      withField('huge string', () => 'h'.repeat(HUGE)),
      withField('array for a scalar', () => [rng.word(4), 1]),
      withField('deep nesting', () => deepNest(1000)),
      () => {
        const request = base();
        if (!request.fields) return undefined;
        request.fields = { ...request.fields, [`unknown${rng.word(3)}`]: rng.word(5) };
        return build('unknown field', request);
      },
      () => {
        const request = base();
        const required = resolveSchema(doc, request.schema).required ?? [];
        if (!request.fields || required.length === 0) return undefined;
        const key = rng.pick(required);
        const fields = { ...request.fields };
        delete fields[key];
        request.fields = fields;
        return build(`missing ${key}`, request);
      },
      () => {
        const request = base();
        if (request.contentType !== 'json' || !request.fields) return undefined;
        const form = formOf(doc, request.schema, request.fields, rng, validFile);
        return build('multipart where JSON is expected', request, {
          body: { kind: 'form', ...form, files: { file: validFile } },
        });
      },
      () => {
        const request = base();
        if (request.contentType !== 'form' || !request.fields) return undefined;
        return build('JSON where multipart is expected', request, {
          body: { kind: 'json', value: request.fields },
        });
      },
      () => {
        const request = base();
        if (request.contentType !== 'form' || !request.fields) return undefined;
        const form = formOf(doc, request.schema, request.fields, rng, validFile);
        const hostile = rng.pick([
          '../../../etc/passwd',
          '/etc/passwd',
          'a\u0000.png',
          '..\\..\\x.png',
          '',
        ]);
        const files = Object.fromEntries(
          Object.keys(form.files).map((key) => [key, { ...validFile, name: hostile }]),
        );
        return build(`hostile file name ${JSON.stringify(hostile)}`, request, {
          body: { kind: 'form', fields: form.fields, files },
        });
      },
    );
  }
  if (hasPath) {
    mutations.push(() => {
      const request = base();
      const names = Object.keys(request.pathParams);
      const name = rng.pick(names);
      const value = rng.pick(NASTY_PATH_PARAMS);
      request.pathParams = { ...request.pathParams, [name]: value };
      return build(`path ${name}=${value.slice(0, 20)}`, request, { rawPath: true });
    });
  }

  const cases: FuzzRequest[] = [build('valid', base())];
  // Every integer query parameter at the edges, whatever the dice say.
  for (const parameter of parameters) {
    const type = resolveSchema(doc, parameter.schema).type;
    if (parameter.in !== 'query' || (type !== 'integer' && type !== 'number')) continue;
    for (const value of ['1e308', '-1', '9007199254740993']) {
      const request = base();
      request.query = { ...request.query, [parameter.name]: value };
      cases.push(build(`?${parameter.name}=${value}`, request));
    }
  }
  // Every mutation once, then random ones until the budget is spent.
  for (const mutation of mutations) {
    if (cases.length >= count) break;
    const made = mutation();
    if (made) cases.push(made);
  }
  for (let attempts = 0; cases.length < count && attempts < count * 4; attempts++) {
    const made = rng.pick(mutations)();
    if (made) cases.push(made);
  }
  return cases;
}
