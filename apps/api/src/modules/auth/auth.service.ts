import type { LoginResponse, UserView } from '@hostdeck/contracts';
import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { toUserView } from '../users/mappers/to-user-view';
import { PasswordHasher } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import { TokenService } from './token.service';

const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  async register(email: string, password: string, ip: string): Promise<UserView> {
    const user = await this.users.create(email, password);
    await this.audit.record({
      action: 'auth.register',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    // Queued in the outbox, so registration never waits for SMTP.
    await this.mail.sendToUser(user.id, 'welcome', { email: user.email });
    return toUserView(user);
  }

  async login(email: string, password: string, ip: string): Promise<LoginResponse> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.burnTime(password);
      await this.audit.record({
        action: 'auth.login-failed',
        ip,
        details: { reason: 'unknown-email' },
      });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    const matches = await this.hasher.verify(password, user.passwordHash);
    if (!matches || !user.isActive) {
      await this.audit.record({
        action: 'auth.login-failed',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { reason: matches ? 'disabled' : 'wrong-password' },
      });
      throw new UnauthorizedException(matches ? 'This account is disabled' : INVALID_CREDENTIALS);
    }
    await this.users.recordLogin(user);
    const tokens = await this.tokens.issueTokens(user, ip);
    await this.audit.record({
      action: 'auth.login',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    return { ...tokens, user: toUserView(user) };
  }

  async refresh(refreshToken: string, ip: string): Promise<LoginResponse> {
    const spent = await this.tokens.spendRefreshToken(refreshToken);
    if (!spent.ok) {
      if (spent.reason === 'reused') {
        await this.audit.record({ action: 'auth.refresh-reuse', ip });
        throw new UnauthorizedException('This refresh token was already used; please log in again');
      }
      throw new UnauthorizedException(
        spent.reason === 'expired' ? 'Refresh token expired' : 'Invalid refresh token',
      );
    }
    const user = await this.users.findById(spent.userId);
    if (!user || !user.isActive) {
      await this.tokens.revokeFamily(spent.familyId);
      throw new UnauthorizedException('Invalid refresh token');
    }
    const tokens = await this.tokens.issueTokens(user, ip, spent.familyId);
    return { ...tokens, user: toUserView(user) };
  }

  async logout(userId: number, refreshToken: string | undefined, ip: string): Promise<void> {
    if (refreshToken) await this.tokens.revokeSessionOf(userId, refreshToken);
    else await this.tokens.revokeAllFor(userId);
    await this.audit.record({
      action: 'auth.logout',
      actorId: userId,
      targetType: 'user',
      targetId: userId,
      ip,
      details: { scope: refreshToken ? 'session' : 'all' },
    });
  }

  /**
   * A new password for a logged-in user who knows the current one. Every session is revoked (a
   * thief holding one is out) and the caller gets a fresh one, so this browser stays signed in.
   */
  async changePassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<LoginResponse> {
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new UnauthorizedException('Missing or invalid access token');
    if (!(await this.hasher.verify(currentPassword, user.passwordHash))) {
      await this.audit.record({
        action: 'auth.password-change-failed',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip,
      });
      // 400, not 401: the session is fine, only this form's answer is wrong.
      throw new BadRequestException('The current password is incorrect');
    }
    if (currentPassword === newPassword)
      throw new BadRequestException('The new password must differ from the current one');
    await this.users.setPassword(user, newPassword);
    await this.tokens.revokeAllFor(user.id);
    const tokens = await this.tokens.issueTokens(user, ip);
    await this.audit.record({
      action: 'auth.password-changed',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    await this.mail.sendToUser(user.id, 'password-changed', { email: user.email, ip });
    return { ...tokens, user: toUserView(user) };
  }

  async me(userId: number): Promise<UserView> {
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new UnauthorizedException('Missing or invalid access token');
    return toUserView(user);
  }
}
