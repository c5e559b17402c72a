import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { getMetadataStorage } from 'class-validator';

import { EnvironmentVariables } from './env.schema';

/** Every variable the API reads, from the schema's validation metadata. */
function schemaVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    EnvironmentVariables,
    '',
    true,
    false,
  );
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

const root = join(__dirname, '../../../..');

describe('configuration documentation', () => {
  const variables = schemaVariables();

  it('reads the schema', () => {
    expect(variables).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'PORT', 'PROXMOX_API_URL']),
    );
  });

  it('lists every variable in docker/.env.example', () => {
    const example = readFileSync(join(root, 'docker/.env.example'), 'utf8');
    const missing = variables.filter((name) => !new RegExp(`^${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('lists every variable in the README configuration table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const missing = variables.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
