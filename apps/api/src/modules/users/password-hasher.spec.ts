import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const sut = new PasswordHasher({
    secret: 's',
    accessTtlSeconds: 900,
    refreshTtlSeconds: 3600,
    bcryptCost: 10,
  });

  it('hashes with bcrypt at the configured cost and never returns the password', async () => {
    const hash = await sut.hash('correct horse battery');
    expect(hash).toMatch(/^\$2b\$10\$/);
    expect(hash).not.toContain('correct horse battery');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await sut.hash('correct horse battery');
    await expect(sut.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(sut.verify('Correct horse battery', hash)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await sut.hash('same password')).not.toEqual(await sut.hash('same password'));
  });
});
