import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { MailService } from '../mail/mail.service';
import { SERVER_STATUS_CHANGED, ServerStatusChangedEvent } from '../servers/server-events';
import { ServersService } from '../servers/servers.service';
import { NotificationsService } from './notifications.service';

/** A server that reaches running/stopped this soon after it was ordered has just been created. */
const CREATED_WITHIN_MS = 24 * 3600_000;

/**
 * Tells owners about their servers' lifecycle: created (with its IP, never the password),
 * failed, deleted; an in-app notification and an email each, exactly once (dedupe keys).
 */
@Injectable()
export class ServerNoticesListener {
  private readonly logger = new Logger(ServerNoticesListener.name);

  constructor(
    private readonly servers: ServersService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
  ) {}

  @OnEvent(SERVER_STATUS_CHANGED)
  async tellServerOwner(event: ServerStatusChangedEvent): Promise<void> {
    // Only the ends of operations matter; drift corrections and progress do not.
    if (!event.operationId || event.status === 'creating') return;
    try {
      await this.tell(event, event.operationId);
    } catch (error) {
      this.logger.error(
        `serverId=${event.serverId} lifecycle notice failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async tell(event: ServerStatusChangedEvent, operationId: number): Promise<void> {
    const server = await this.servers.findById(event.serverId);
    if (!server) return;
    const { id: serverId, hostname } = server;
    if (server.deletedAt) {
      const stored = await this.notifications.notify({
        userId: server.ownerId,
        kind: 'server',
        title: `Server ${hostname} was deleted`,
        body: `${hostname} and its disk have been removed; its daily charges have stopped.`,
        link: '/',
        dedupeKey: `server-deleted:${serverId}`,
      });
      if (stored)
        await this.mail.sendToUser(server.ownerId, 'server-deleted', { serverId, hostname });
      return;
    }
    if (event.status === 'error') {
      const reason = event.message ?? 'the operation failed';
      const stored = await this.notifications.notify({
        userId: server.ownerId,
        kind: 'server',
        title: `Problem with server ${hostname}`,
        body: reason,
        link: `/servers/${serverId}`,
        dedupeKey: `server-failed:${operationId}`,
      });
      if (stored) {
        await this.mail.sendToUser(server.ownerId, 'server-failed', { serverId, hostname, reason });
      }
      return;
    }
    const isSettled = event.status === 'running' || event.status === 'stopped';
    const isNew = Date.now() - server.createdAt.getTime() < CREATED_WITHIN_MS;
    if (isSettled && isNew && server.activeOperationId === null) {
      const stored = await this.notifications.notify({
        userId: server.ownerId,
        kind: 'server',
        title: `Server ${hostname} is ready`,
        body: server.ipAddress
          ? `${hostname} is up at ${server.ipAddress}.`
          : `${hostname} has been created.`,
        link: `/servers/${serverId}`,
        dedupeKey: `server-created:${serverId}`,
      });
      if (stored) {
        await this.mail.sendToUser(server.ownerId, 'server-created', {
          serverId,
          hostname,
          ipAddress: server.ipAddress,
        });
      }
    }
  }
}
