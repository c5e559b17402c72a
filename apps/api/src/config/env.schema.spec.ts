import { validateEnvironment } from './env.schema';

describe('validateEnvironment', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 5000,
      DATA_DIR: './data',
      MONITORING_INTERVAL_SECONDS: 30,
      SMTP_PORT: 587,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PROXMOX_API_URL).toBeUndefined();
  });

  it('converts numeric strings', () => {
    expect(validateEnvironment({ PORT: '8080', MONITORING_INTERVAL_SECONDS: '60' })).toMatchObject({
      PORT: 8080,
      MONITORING_INTERVAL_SECONDS: 60,
    });
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'postgres://x', /DATABASE_URL must start with mysql:\/\//],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL must start with redis:\/\//],
    ['JWT_SECRET', 'short', /JWT_SECRET must be at least 32 characters/],
    ['ADMIN_EMAIL', 'not-an-email', /ADMIN_EMAIL must be an email address/],
    ['PROXMOX_TOKEN_ID', 'root', /PROXMOX_TOKEN_ID must look like USER@REALM!TOKENID/],
    ['MONITORING_INTERVAL_SECONDS', '0', /MONITORING_INTERVAL_SECONDS/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
  ])('rejects %s=%s naming the variable', (name, value, expected) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(expected);
  });

  it('puts every problem on one line', () => {
    let message = '';
    try {
      validateEnvironment({ PORT: 'x', REDIS_URL: 'nope' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/REDIS_URL/);
    expect(message).not.toContain('\n');
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: required in production/,
    );
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }),
    ).not.toThrow();
  });

  it('requires the token when a real Proxmox is configured', () => {
    expect(() =>
      validateEnvironment({ PROXMOX_API_URL: 'https://pve.example.com:8006/api2/json' }),
    ).toThrow(/PROXMOX_TOKEN_ID\/PROXMOX_TOKEN_SECRET/);
  });
});
