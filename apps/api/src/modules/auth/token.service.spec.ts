import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../database/data-source-options';
import { User } from '../users/entities/user.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { JWT_ALGORITHM, jwtSigningKey, TokenService } from './token.service';

const config = {
  secret: 'unit-test-secret-that-is-long-enough',
  accessTtlSeconds: 60,
  refreshTtlSeconds: 3600,
  bcryptCost: 10,
};

describe('TokenService', () => {
  let dataSource: DataSource;
  let sut: TokenService;
  let user: User;

  beforeEach(async () => {
    // A real in-memory SQLite with the real migrations: the rotation logic relies on conditional updates.
    dataSource = new DataSource(
      dataSourceOptions({ type: 'better-sqlite3', database: ':memory:' }),
    );
    await dataSource.initialize();
    user = await dataSource
      .getRepository(User)
      .save({ email: 'u@example.com', passwordHash: 'x', role: 'customer' });
    const key = jwtSigningKey(config.secret);
    const jwt = new JwtService({
      secretOrKeyProvider: () => key,
      signOptions: { algorithm: JWT_ALGORITHM, expiresIn: config.accessTtlSeconds },
      verifyOptions: { algorithms: [JWT_ALGORITHM] },
    });
    sut = new TokenService(config, jwt, dataSource.getRepository(RefreshToken));
  });

  afterEach(async () => {
    jest.useRealTimers();
    await dataSource.destroy();
  });

  it('issues an access token carrying the user id, email and role', () => {
    const token = sut.signAccessToken(user);
    expect(sut.verifyAccessToken(token)).toEqual({
      sub: user.id,
      email: 'u@example.com',
      role: 'customer',
    });
  });

  it('rejects an access token after its lifetime', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const token = sut.signAccessToken(user);
    jest.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    expect(() => sut.verifyAccessToken(token)).toThrow(
      new UnauthorizedException('Access token expired'),
    );
  });

  it('rejects a token signed with another secret', () => {
    const other = new JwtService({
      secret: 'another-secret-that-is-also-long-enough',
      signOptions: { algorithm: 'HS256' },
    });
    const forged = other.sign({ sub: user.id, email: user.email, role: 'admin' });
    expect(() => sut.verifyAccessToken(forged)).toThrow(UnauthorizedException);
  });

  it('stores only a hash of the refresh token', async () => {
    const tokens = await sut.issueTokens(user, '127.0.0.1');
    const rows = await dataSource.getRepository(RefreshToken).find();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tokens.refreshToken);
  });

  it('spends a refresh token once and keeps the family for its successor', async () => {
    const first = await sut.issueTokens(user, null);
    const spent = await sut.spendRefreshToken(first.refreshToken);
    expect(spent).toEqual({ ok: true, userId: user.id, familyId: expect.any(String) });
  });

  it('revokes the whole family when a spent refresh token is presented again', async () => {
    const first = await sut.issueTokens(user, null);
    const spent = await sut.spendRefreshToken(first.refreshToken);
    if (!spent.ok) throw new Error('first spend failed');
    const second = await sut.issueTokens(user, null, spent.familyId);

    expect(await sut.spendRefreshToken(first.refreshToken)).toEqual({
      ok: false,
      reason: 'reused',
    });
    // The successor was never used, yet it no longer works.
    expect(await sut.spendRefreshToken(second.refreshToken)).toEqual({
      ok: false,
      reason: 'reused',
    });
  });

  it('does not touch other sessions of the same user on reuse', async () => {
    const sessionA = await sut.issueTokens(user, null);
    const sessionB = await sut.issueTokens(user, null);
    await sut.spendRefreshToken(sessionA.refreshToken);
    await sut.spendRefreshToken(sessionA.refreshToken);
    expect((await sut.spendRefreshToken(sessionB.refreshToken)).ok).toBe(true);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expect(await sut.spendRefreshToken('made-up')).toEqual({ ok: false, reason: 'unknown' });
    jest.useFakeTimers({
      now: new Date('2026-01-01T00:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate'],
    });
    const tokens = await sut.issueTokens(user, null);
    jest.setSystemTime(new Date('2026-01-01T01:00:01Z'));
    expect(await sut.spendRefreshToken(tokens.refreshToken)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});
