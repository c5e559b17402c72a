import { HOSTNAME_PATTERN, RESERVED_SNAPSHOT_NAMES, SNAPSHOT_NAME_PATTERN } from '@hostdeck/contracts';
import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** An optional hostname: empty, or one RFC 1123 label. */
export const hostnameValidator: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  if (value === '' || HOSTNAME_PATTERN.test(value)) return null;
  return { hostname: true };
};

/** One OpenSSH public key line; the same rule the API applies to each entry. */
const SSH_PUBLIC_KEY_PATTERN =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\r\n]*)?$/;
export const MAX_SSH_KEYS = 10;

/** The non-empty lines of the SSH keys textarea, trimmed. */
export function parseSshKeys(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Each line is one public key, at most ten; errors say which line is wrong. */
export const sshKeysValidator: ValidatorFn = (control) => {
  const keys = parseSshKeys(String(control.value ?? ''));
  if (keys.length > MAX_SSH_KEYS) return { sshKeysCount: { max: MAX_SSH_KEYS } };
  const badLine = keys.findIndex((key) => !SSH_PUBLIC_KEY_PATTERN.test(key));
  return badLine === -1 ? null : { sshKey: { line: badLine + 1 } };
};

/** Why a snapshot name is refused, or null when it is acceptable. */
export type SnapshotNameProblem = 'required' | 'pattern' | 'reserved' | 'taken';

export function snapshotNameProblem(
  name: string,
  existingNames: readonly string[] = [],
): SnapshotNameProblem | null {
  const value = name.trim();
  if (value === '') return 'required';
  if (!SNAPSHOT_NAME_PATTERN.test(value)) return 'pattern';
  const lower = value.toLowerCase();
  if (RESERVED_SNAPSHOT_NAMES.some((reserved) => reserved.toLowerCase() === lower)) {
    return 'reserved';
  }
  if (existingNames.some((existing) => existing.toLowerCase() === lower)) return 'taken';
  return null;
}

/** Form validator for a new snapshot's name; `existingNames` is read on every check. */
export function snapshotNameValidator(existingNames: () => readonly string[]): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const problem = snapshotNameProblem(String(control.value ?? ''), existingNames());
    return problem ? { [`snapshot-${problem}`]: true } : null;
  };
}

export const SNAPSHOT_NAME_MESSAGES: Readonly<Record<SnapshotNameProblem, string>> = {
  required: 'Give the snapshot a name',
  pattern: 'Start with a letter; use 2–40 letters, digits, _ or -',
  reserved: `${RESERVED_SNAPSHOT_NAMES.join(' and ')} are reserved by Proxmox`,
  taken: 'A snapshot with this name already exists',
};

/** Disks only grow: a size below the current one is refused (`diskShrink`). */
export function diskCannotShrinkValidator(currentDiskGb: () => number | null): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const current = currentDiskGb();
    const value = Number(control.value);
    if (current === null || control.value === null || control.value === '') return null;
    return Number.isFinite(value) && value < current ? { diskShrink: { min: current } } : null;
  };
}

/** Whole numbers only (number inputs accept 1.5). */
export const integerValidator: ValidatorFn = (control) => {
  if (control.value === null || control.value === '') return null;
  return Number.isInteger(Number(control.value)) ? null : { integer: true };
};
