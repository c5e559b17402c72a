import { parsePveBoolean } from '@hostdeck/pve-schema';

/** Request parameters after validation: every value is still the string the client sent. */
export type Params = Record<string, string>;

export function intParam(params: Params, key: string): number | undefined {
  return params[key] === undefined ? undefined : Number(params[key]);
}

export function requireInt(params: Params, key: string): number {
  return Number(params[key]);
}

export function boolParam(params: Params, key: string): boolean {
  return params[key] !== undefined && parsePveBoolean(params[key]);
}

/** `delete=a,b;c d` style lists. */
export function listParam(params: Params, key: string): string[] {
  return (params[key] ?? '').split(/[,;\s]+/).filter(Boolean);
}
