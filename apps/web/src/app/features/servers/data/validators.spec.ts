import { FormControl } from '@angular/forms';

import {
  diskCannotShrinkValidator,
  hostnameValidator,
  parseSshKeys,
  snapshotNameProblem,
  snapshotNameValidator,
  sshKeysValidator,
} from './validators';

describe('snapshot name validation', () => {
  it.each([
    ['before-upgrade', null],
    ['v2_2026', null],
    ['ab', null],
    ['a'.repeat(40), null],
    ['', 'required'],
    ['   ', 'required'],
    ['a', 'pattern'],
    ['a'.repeat(41), 'pattern'],
    ['1st', 'pattern'],
    ['-x', 'pattern'],
    ['with space', 'pattern'],
    ['dots.not.allowed', 'pattern'],
    ['current', 'reserved'],
    ['Current', 'reserved'],
    ['vzdump', 'reserved'],
  ])('%j → %s', (name, problem) => {
    expect(snapshotNameProblem(name)).toBe(problem);
  });

  it('refuses a name that is already taken, whatever the case', () => {
    expect(snapshotNameProblem('Nightly', ['nightly', 'weekly'])).toBe('taken');
    expect(snapshotNameProblem('monthly', ['nightly', 'weekly'])).toBeNull();
  });

  it('reads the existing names on every check', () => {
    let names: string[] = [];
    const control = new FormControl('nightly', snapshotNameValidator(() => names));
    expect(control.valid).toBe(true);

    names = ['nightly'];
    control.updateValueAndValidity();
    expect(control.errors).toEqual({ 'snapshot-taken': true });

    control.setValue('current');
    expect(control.errors).toEqual({ 'snapshot-reserved': true });
  });
});

describe('hostnameValidator', () => {
  it.each([
    ['', true],
    ['web1', true],
    ['my-server', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-web', false],
    ['web-', false],
    ['web_1', false],
    ['web.example.com', false],
  ])('%j valid: %s', (hostname, isValid) => {
    expect(new FormControl(hostname, hostnameValidator).valid).toBe(isValid);
  });
});

describe('SSH keys', () => {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx0dGVzdGtleQ alice@laptop';

  it('takes one key per non-empty line', () => {
    expect(parseSshKeys(`\n ${key} \n\n${key}\n`)).toEqual([key, key]);
  });

  it('names the first line that is not a key', () => {
    expect(new FormControl(`${key}\nnot a key`, sshKeysValidator).errors).toEqual({
      sshKey: { line: 2 },
    });
    expect(new FormControl(key, sshKeysValidator).valid).toBe(true);
    expect(new FormControl('', sshKeysValidator).valid).toBe(true);
  });

  it('allows at most ten keys', () => {
    const control = new FormControl(Array(11).fill(key).join('\n'), sshKeysValidator);
    expect(control.errors).toEqual({ sshKeysCount: { max: 10 } });
  });
});

describe('diskCannotShrinkValidator', () => {
  it('refuses a disk smaller than the current one', () => {
    const validator = diskCannotShrinkValidator(() => 20);
    expect(new FormControl(19, validator).errors).toEqual({ diskShrink: { min: 20 } });
    expect(new FormControl(20, validator).valid).toBe(true);
    expect(new FormControl(40, validator).valid).toBe(true);
  });
});
