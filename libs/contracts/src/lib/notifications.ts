import type { Page } from './admin';
import type { NotificationKind } from './domain';

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  /** In-app route it points to, e.g. /servers/12 or /tickets/3. */
  link: string | null;
  isRead: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationListQuery {
  page?: number;
  pageSize?: number;
  /** Only the unread ones. */
  unreadOnly?: boolean;
}

/** Unread first, newest first within each group. */
export interface NotificationPage extends Page<NotificationView> {
  unreadCount: number;
}

export interface UnreadNotificationCount {
  unreadCount: number;
}

export interface MarkAllNotificationsReadResponse {
  /** How many were unread and are now read. */
  updated: number;
  unreadCount: number;
}

/** Mail settings of the caller; essential mail (billing, server lifecycle) is always sent. */
export interface NotificationPreferences {
  /** Resource alerts, ticket replies and other non-essential mail. */
  isOptionalMailEnabled: boolean;
}

export type UpdateNotificationPreferencesRequest = NotificationPreferences;
