import type { HttpMethod } from '@hostdeck/pve-schema';

import type { Params } from '../services/params';
import type { Caller } from '../sim-context';

export interface ApiRequest {
  method: HttpMethod;
  /** Path below /api2/json, as received. */
  path: string;
  template: string;
  params: Params;
  caller: Caller;
}

/** Data plus top-level extras of the envelope (e.g. `total` of task logs and lists). */
export class ApiResult {
  constructor(
    readonly data: unknown,
    readonly extra: Record<string, unknown>,
  ) {}
}

export interface Route {
  method: HttpMethod;
  template: string;
  /** The privilege the schema's `permissions` ask for, checked before parameter validation. */
  permission?: (params: Params) => [path: string, privilege: string] | undefined;
  handler: (request: ApiRequest) => unknown;
}

export const vmPermission =
  (privilege: string) =>
  (params: Params): [string, string] => [`/vms/${params['vmid']}`, privilege];
