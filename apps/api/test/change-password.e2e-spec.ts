import type { ApiErrorBody, LoginResponse, RegisterResponse } from '@hostdeck/contracts';
import { DataSource } from 'typeorm';

import { databaseKinds, http, startTestApp, TestApp } from '../src/testing/test-app';

describe.each(databaseKinds())('changing my password on %s', (kind) => {
  let t: TestApp;
  const email = 'rotate@example.com';
  const original = 'the-original-password';
  const replacement = 'a-brand-new-password';

  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '100' });
    await http<RegisterResponse>(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email, password: original },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const login = (password: string) =>
    http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  const change = (token: string | undefined, body: object) =>
    http<LoginResponse & ApiErrorBody>(t.baseUrl, 'POST', '/api/auth/password', { token, body });

  it('refuses a wrong current password, a reused one and a short one, changing nothing', async () => {
    const session = (await login(original)).body;
    const wrong = await change(session.accessToken, {
      currentPassword: 'not-my-password',
      newPassword: replacement,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe('The current password is incorrect');
    const same = await change(session.accessToken, {
      currentPassword: original,
      newPassword: original,
    });
    expect(same.status).toBe(400);
    expect(same.body.message).toBe('The new password must differ from the current one');
    const short = await change(session.accessToken, {
      currentPassword: original,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.message)).toContain('newPassword must be at least');
    expect(
      (await change(undefined, { currentPassword: original, newPassword: replacement })).status,
    ).toBe(401);

    // Still the old password, and the session still works.
    expect((await login(original)).status).toBe(200);
    const refreshed = await http(t.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status).toBe(200);
  });

  it('changes it: new tokens here, every other session out, the old password refused, a mail and an audit row', async () => {
    const here = (await login(original)).body;
    const elsewhere = (await login(original)).body;
    const changed = await change(here.accessToken, {
      currentPassword: original,
      newPassword: replacement,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user.email).toBe(email);
    expect(JSON.stringify(changed.body)).not.toMatch(/\$2[aby]\$|a-brand-new-password/);

    // This browser carries on with the answer's tokens; the other session cannot refresh.
    const me = await http(t.baseUrl, 'GET', '/api/auth/me', { token: changed.body.accessToken });
    expect(me.status).toBe(200);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/auth/refresh', {
          body: { refreshToken: changed.body.refreshToken },
        })
      ).status,
    ).toBe(200);
    for (const stale of [here.refreshToken, elsewhere.refreshToken])
      expect(
        (await http(t.baseUrl, 'POST', '/api/auth/refresh', { body: { refreshToken: stale } }))
          .status,
      ).toBe(401);

    expect((await login(original)).status).toBe(401);
    expect((await login(replacement)).status).toBe(200);

    const dataSource = t.app.get(DataSource);
    const mails: { subject: string; text: string }[] = await dataSource.query(
      `SELECT subject, textBody AS text FROM mail_outbox WHERE template = 'password-changed' AND toAddress = ?`,
      [email],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Your Hostdeck password was changed');
    expect(mails[0].text).not.toContain(replacement);
    const audit: { action: string; details: string | null }[] = await dataSource.query(
      `SELECT action, details FROM audit_logs WHERE action LIKE 'auth.password%' ORDER BY id`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'auth.password-change-failed',
      'auth.password-changed',
    ]);
    expect(JSON.stringify(audit)).not.toContain(replacement);
  });
});
