import { PveError } from '../core/pve-error';
import type { Caller } from '../sim-context';

const CONSOLE_PRIVILEGES = new Set(['VM.Console', 'VM.Audit']);

export function hasPrivilege(caller: Caller, privilege: string): boolean {
  return caller.role === 'admin' || CONSOLE_PRIVILEGES.has(privilege);
}

/** Throws pveproxy's 403 unless the caller has the privilege on the path. */
export function requirePrivilege(caller: Caller, path: string, privilege: string): void {
  if (!hasPrivilege(caller, privilege)) throw PveError.permission(path, privilege);
}

/** The privilege PUT .../config needs for an option (pve-container check_ct_modify_config_perm). */
export function configPrivilege(option: string): string {
  if (['cores', 'cpulimit', 'cpuunits'].includes(option)) return 'VM.Config.CPU';
  if (['memory', 'swap'].includes(option)) return 'VM.Config.Memory';
  if (/^net\d+$/.test(option) || ['nameserver', 'searchdomain', 'hostname'].includes(option)) {
    return 'VM.Config.Network';
  }
  if (/^(rootfs|mp\d+|unused\d+)$/.test(option)) return 'VM.Config.Disk';
  return 'VM.Config.Options';
}
