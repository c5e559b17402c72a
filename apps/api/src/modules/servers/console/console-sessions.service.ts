import { createHash, randomBytes } from 'node:crypto';

import type { ConsoleSessionResponse } from '@hostdeck/contracts';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, MoreThan, Repository } from 'typeorm';

import type { AuthUser } from '../../../common/decorators/current-user.decorator';
import { serversConfig } from '../../../config/configuration';
import { AuditService } from '../../audit/audit.service';
import { ConsoleSession } from '../entities/console-session.entity';
import { ServersService } from '../servers.service';

export const CONSOLE_WEBSOCKET_PATH = '/api/server/console/ws';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Single-use, short-lived console sessions; stored in the database so any instance can open one. */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    @Inject(serversConfig.KEY) private readonly config: ConfigType<typeof serversConfig>,
    @InjectRepository(ConsoleSession) private readonly sessions: Repository<ConsoleSession>,
    private readonly servers: ServersService,
    private readonly audit: AuditService,
  ) {}

  async createSession(
    user: AuthUser,
    serverId: number,
    ip: string,
  ): Promise<ConsoleSessionResponse> {
    const server = await this.servers.getForAction(user, serverId, 'console');
    if (server.status !== 'running' || !server.node || !server.vmid) {
      throw new ConflictException('The console is available while the server is running');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.consoleSessionTtlSeconds * 1000);
    await this.sessions.insert({
      tokenHash: hashToken(token),
      serverId,
      userId: user.id,
      expiresAt,
      usedAt: null,
    });
    await this.sessions.delete({ expiresAt: LessThan(new Date(Date.now() - 3600_000)) });
    await this.audit.record({
      action: 'server.console',
      actorId: user.id,
      targetType: 'server',
      targetId: serverId,
      ip,
    });
    return {
      url: `${CONSOLE_WEBSOCKET_PATH}?token=${token}`,
      expiresAt: expiresAt.toISOString(),
      vncPassword: null,
    };
  }

  /** Spends a token: true once, within its lifetime; false for unknown, expired or used tokens. */
  async consume(token: string): Promise<ConsoleSession | null> {
    const tokenHash = hashToken(token);
    const result = await this.sessions.update(
      { tokenHash, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      { usedAt: new Date() },
    );
    if (result.affected !== 1) return null;
    return this.sessions.findOne({ where: { tokenHash } });
  }
}
