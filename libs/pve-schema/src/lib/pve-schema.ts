import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

import subset from '../pve-api-subset.json';
import { isPveBoolean, perlPatternToJs, PVE_STRING_FORMATS } from './pve-formats';
import { parsePropertyString } from './property-string';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A schema node in Proxmox's own JSONSchema dialect. */
export interface PveSchemaNode {
  type?: string;
  optional?: number;
  properties?: Record<string, PveSchemaNode>;
  items?: PveSchemaNode;
  additionalProperties?: number | boolean | PveSchemaNode;
  enum?: (string | number)[];
  minimum?: number | string;
  maximum?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string | Record<string, PveSchemaNode & { default_key?: number }>;
  default_key?: number;
  description?: string;
}

export interface PveMethodInfo {
  method: HttpMethod;
  name: string;
  description?: string;
  parameters: PveSchemaNode;
  returns: PveSchemaNode;
  allowtoken?: number;
  protected?: number;
  proxyto?: string;
}

interface SubsetFile {
  endpoints: { path: string; info: Partial<Record<HttpMethod, PveMethodInfo>> }[];
}

export interface EndpointMatch {
  /** The schema's path template, e.g. /nodes/{node}/lxc/{vmid}/status/start */
  template: string;
  info: PveMethodInfo;
  /** Path placeholders, URL-decoded. */
  pathParams: Record<string, string>;
}

export type ValidationResult = { ok: true } | { ok: false; errors: Record<string, string> };

type Mode = 'request' | 'response';

/** `net[n]` and friends stand for numbered keys net0, net1, ... */
const NUMBERED_KEY = /^([a-z]+)\[n\]$/;

function toJsonSchema(
  node: PveSchemaNode,
  mode: Mode,
  isTopLevelParams = false,
): Record<string, unknown> {
  const type = node.type ?? (node.properties ? 'object' : undefined);
  const out: Record<string, unknown> = {};
  if (node.enum) out['enum'] = node.enum;
  switch (type) {
    case 'object': {
      const properties: Record<string, unknown> = {};
      const patternProperties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const numbered = NUMBERED_KEY.exec(key);
        const converted = toJsonSchema(child, mode);
        if (numbered) patternProperties[`^${numbered[1]}\\d+$`] = converted;
        else properties[key] = converted;
        if (!child.optional && !numbered) required.push(key);
      }
      out['type'] = 'object';
      out['properties'] = properties;
      if (Object.keys(patternProperties).length > 0) out['patternProperties'] = patternProperties;
      if (required.length > 0) out['required'] = required;
      // Unknown parameters are rejected by pveproxy; unknown response fields are tolerated.
      if (
        mode === 'request' &&
        isTopLevelParams &&
        (node.additionalProperties === 0 || node.additionalProperties === false)
      ) {
        out['additionalProperties'] = false;
      }
      return out;
    }
    case 'array':
      out['type'] = 'array';
      if (node.items) out['items'] = toJsonSchema(node.items, mode);
      return out;
    case 'boolean':
      out['pveBoolean'] = true;
      return out;
    case 'integer':
    case 'number': {
      const numeric: Record<string, unknown> = { type: type };
      if (node.minimum !== undefined) numeric['minimum'] = Number(node.minimum);
      if (node.maximum !== undefined) numeric['maximum'] = Number(node.maximum);
      if (mode === 'request') return { ...out, ...numeric };
      // Responses sometimes quote numbers (GET /cluster/nextid answers "101").
      return { ...out, anyOf: [numeric, { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }] };
    }
    case 'string': {
      out['type'] = 'string';
      if (node.minLength !== undefined) out['minLength'] = node.minLength;
      if (node.maxLength !== undefined) out['maxLength'] = node.maxLength;
      if (node.pattern) out['pattern'] = perlPatternToJs(node.pattern);
      if (node.format) out['pveFormat'] = node.format;
      return out;
    }
    case 'null':
      out['type'] = 'null';
      return out;
    default:
      return out;
  }
}

function propertyStringErrors(
  value: string,
  format: Record<string, PveSchemaNode & { default_key?: number }>,
  validateSub: (schema: PveSchemaNode, value: string) => string | undefined,
): string | undefined {
  const defaultKey = Object.entries(format).find(([, sub]) => sub.default_key)?.[0];
  let parsed: Record<string, string>;
  try {
    parsed = parsePropertyString(value, defaultKey);
  } catch (error) {
    return (error as Error).message;
  }
  for (const key of Object.keys(parsed)) {
    if (!format[key]) return `invalid format - unknown key '${key}'`;
    const problem = validateSub(format[key], parsed[key]);
    if (problem) return `invalid format - ${key}: ${problem}`;
  }
  for (const [key, sub] of Object.entries(format)) {
    if (!sub.optional && !(key in parsed)) return `invalid format - missing key '${key}'`;
  }
  return undefined;
}

/** Checks a property-string sub value, which always arrives as a string. */
function checkSubValue(schema: PveSchemaNode, value: string): string | undefined {
  if (schema.enum && !schema.enum.map(String).includes(value))
    return `value '${value}' does not have a value in the enumeration '${schema.enum.join(', ')}'`;
  if (schema.type === 'boolean' && !isPveBoolean(value))
    return `type check ('boolean') failed - got '${value}'`;
  if ((schema.type === 'integer' || schema.type === 'number') && !/^-?\d+(\.\d+)?$/.test(value))
    return `type check ('${schema.type}') failed - got '${value}'`;
  if (schema.pattern && !new RegExp(perlPatternToJs(schema.pattern)).test(value))
    return `value does not match the regex pattern`;
  if (
    typeof schema.format === 'string' &&
    PVE_STRING_FORMATS[schema.format] &&
    !PVE_STRING_FORMATS[schema.format](value)
  ) {
    return `value does not look like a valid ${schema.format}`;
  }
  return undefined;
}

function createAjv(mode: Mode): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: mode === 'request' });
  ajv.addKeyword({
    keyword: 'pveBoolean',
    errors: false,
    validate: (_schema: boolean, data: unknown) => isPveBoolean(data),
  });
  ajv.addKeyword({
    keyword: 'pveFormat',
    errors: true,
    validate: function validateFormat(
      this: unknown,
      format: string | Record<string, PveSchemaNode & { default_key?: number }>,
      data: unknown,
    ): boolean {
      const self = validateFormat as unknown as { errors?: Partial<ErrorObject>[] };
      if (typeof data !== 'string') return true;
      const problem =
        typeof format === 'string'
          ? PVE_STRING_FORMATS[format] && !PVE_STRING_FORMATS[format](data)
            ? `value does not look like a valid ${format}`
            : undefined
          : propertyStringErrors(data, format, checkSubValue);
      if (!problem) return true;
      self.errors = [{ keyword: 'pveFormat', message: problem, params: {} }];
      return false;
    },
  });
  return ajv;
}

function describeErrors(errors: ErrorObject[] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of errors ?? []) {
    let key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
    if (error.keyword === 'required')
      key = String((error.params as { missingProperty: string }).missingProperty);
    if (error.keyword === 'additionalProperties')
      key = String((error.params as { additionalProperty: string }).additionalProperty);
    const message =
      error.keyword === 'required'
        ? 'property is missing and it is not optional'
        : error.keyword === 'additionalProperties'
          ? 'property is not defined in schema and the schema does not allow additional properties'
          : (error.message ?? 'invalid value');
    result[key || '(root)'] ??= message;
  }
  return result;
}

/**
 * The official Proxmox VE API schema for the endpoints we use, with request and response
 * validation. The simulator answers bad requests with it; the contract tests hold both the
 * client and the simulator to it.
 */
export class PveSchema {
  private readonly endpoints: {
    template: string;
    regex: RegExp;
    names: string[];
    info: SubsetFile['endpoints'][number]['info'];
  }[];
  private readonly requestAjv = createAjv('request');
  private readonly responseAjv = createAjv('response');
  private readonly requestValidators = new Map<string, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction>();

  constructor(file: SubsetFile = subset as unknown as SubsetFile) {
    this.endpoints = file.endpoints.map((endpoint) => {
      const names: string[] = [];
      const source = endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return {
        template: endpoint.path,
        regex: new RegExp(`^${source}$`),
        names,
        info: endpoint.info,
      };
    });
  }

  /** Every (method, path template) the schema has. */
  listMethods(): { method: HttpMethod; template: string }[] {
    return this.endpoints.flatMap((endpoint) =>
      (Object.keys(endpoint.info) as HttpMethod[]).map((method) => ({
        method,
        template: endpoint.template,
      })),
    );
  }

  /** Finds the endpoint for a concrete path below /api2/json (e.g. /nodes/pve1/lxc/100/config). */
  match(method: HttpMethod, path: string): EndpointMatch | undefined {
    for (const endpoint of this.endpoints) {
      const found = endpoint.regex.exec(path);
      if (!found) continue;
      const info = endpoint.info[method];
      if (!info) return undefined;
      const pathParams: Record<string, string> = {};
      endpoint.names.forEach(
        (name, index) => (pathParams[name] = decodeURIComponent(found[index + 1])),
      );
      return { template: endpoint.template, info, pathParams };
    }
    return undefined;
  }

  /** Validates a request's merged parameters (path + query or body), as pveproxy does. */
  validateRequest(
    method: HttpMethod,
    template: string,
    params: Record<string, unknown>,
  ): ValidationResult {
    const validate = this.compiled(
      this.requestValidators,
      this.requestAjv,
      method,
      template,
      'request',
    );
    const copy = { ...params };
    return validate(copy) ? { ok: true } : { ok: false, errors: describeErrors(validate.errors) };
  }

  /** Validates the `data` of a response against the method's `returns`. */
  validateResponse(method: HttpMethod, template: string, data: unknown): ValidationResult {
    const validate = this.compiled(
      this.responseValidators,
      this.responseAjv,
      method,
      template,
      'response',
    );
    return validate(data) ? { ok: true } : { ok: false, errors: describeErrors(validate.errors) };
  }

  private compiled(
    cache: Map<string, ValidateFunction>,
    ajv: Ajv,
    method: HttpMethod,
    template: string,
    mode: Mode,
  ): ValidateFunction {
    const key = `${method} ${template}`;
    let validate = cache.get(key);
    if (!validate) {
      const info = this.endpoints.find((endpoint) => endpoint.template === template)?.info[method];
      if (!info) throw new Error(`no schema for ${key}`);
      const schema =
        mode === 'request'
          ? toJsonSchema(info.parameters, 'request', true)
          : toJsonSchema(info.returns, 'response');
      validate = ajv.compile(schema);
      cache.set(key, validate);
    }
    return validate;
  }
}
