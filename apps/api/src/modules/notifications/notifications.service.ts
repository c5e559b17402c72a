import type {
  MarkAllNotificationsReadResponse,
  NotificationEvent,
  NotificationKind,
  NotificationListQuery,
  NotificationPage,
  NotificationView,
} from '@hostdeck/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { isUniqueViolation } from '../users/users.service';
import { Notification } from './entities/notification.entity';
import { toNotificationView } from './mappers/to-notification-view';

/** In-process event: a notification was stored for a user (the gateway pushes it). */
export const NOTIFICATION_CREATED = 'notification.created';

export interface NotificationCreatedEvent {
  userId: number;
  notification: NotificationEvent;
}

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link?: string;
  /** When set, a second notification with the same key is not stored (returns null). */
  dedupeKey?: string;
}

const clip = (value: string, max: number) =>
  value.length > max ? `${value.slice(0, max - 1)}…` : value;

@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly events: EventEmitter2,
  ) {}

  /** Stores a notification and pushes it to the user's sockets; null when deduplicated. */
  async notify(input: NewNotification): Promise<Notification | null> {
    if (
      input.dedupeKey &&
      (await this.notifications.exists({ where: { dedupeKey: input.dedupeKey } }))
    )
      return null;
    let saved: Notification;
    try {
      saved = await this.notifications.save(
        this.notifications.create({
          userId: input.userId,
          kind: input.kind,
          title: clip(input.title, 200),
          body: input.body,
          link: input.link ?? null,
          readAt: null,
          dedupeKey: input.dedupeKey ?? null,
        }),
      );
    } catch (error) {
      // Two writers raced past the check above: the unique key keeps one.
      if (input.dedupeKey && isUniqueViolation(error)) return null;
      throw error;
    }
    const event: NotificationCreatedEvent = {
      userId: input.userId,
      notification: {
        id: saved.id,
        kind: saved.kind,
        title: saved.title,
        body: saved.body,
        link: saved.link,
        createdAt: saved.createdAt.toISOString(),
      },
    };
    this.events.emit(NOTIFICATION_CREATED, event);
    return saved;
  }

  /** The user's notifications: unread first, newest first within each group. */
  async listNotifications(userId: number, query: NotificationListQuery): Promise<NotificationPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const builder = this.notifications
      .createQueryBuilder('notification')
      .where('notification.userId = :userId', { userId });
    if (query.unreadOnly) builder.andWhere('notification.readAt IS NULL');
    const [rows, total] = await builder
      .orderBy('CASE WHEN notification.readAt IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('notification.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return {
      items: rows.map(toNotificationView),
      total,
      page,
      pageSize,
      unreadCount: await this.countUnread(userId),
    };
  }

  countUnread(userId: number): Promise<number> {
    return this.notifications.count({ where: { userId, readAt: IsNull() } });
  }

  /** Marks one of the user's notifications read; someone else's is a 404. */
  async markRead(userId: number, id: number): Promise<NotificationView> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: new Date() });
    const notification = await this.notifications.findOne({ where: { id, userId } });
    if (!notification) throw new NotFoundException(`Notification ${id} not found`);
    return toNotificationView(notification);
  }

  async markAllRead(userId: number): Promise<MarkAllNotificationsReadResponse> {
    const result = await this.notifications.update(
      { userId, readAt: IsNull() },
      { readAt: new Date() },
    );
    return { updated: result.affected ?? 0, unreadCount: await this.countUnread(userId) };
  }
}
