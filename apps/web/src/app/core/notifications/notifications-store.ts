import {
  NOTIFICATION_KINDS,
  type NotificationEvent,
  type NotificationKind,
  type NotificationView,
} from '@hostdeck/contracts';
import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import type { Subscription } from 'rxjs';

import { SessionStore } from '../auth/session-store';
import { errorMessage } from '../errors/api-error';
import { Toast } from '../errors/toast';
import { SocketClient } from '../realtime/socket-client';
import { NotificationsApi } from './notifications-api';

export type NotificationsState = 'idle' | 'loading' | 'ready' | 'error';

/** How many of the latest notifications the bell lists. */
export const BELL_PAGE_SIZE = 10;

/** A socket event as the view the list holds (it is unread: it just arrived). */
export function fromEvent(event: NotificationEvent): NotificationView {
  const kind = (NOTIFICATION_KINDS as readonly string[]).includes(event.kind)
    ? (event.kind as NotificationKind)
    : 'system';
  return { ...event, kind, isRead: false, readAt: null };
}

/**
 * The bell's data: the unread count and the latest notifications of the signed-in user,
 * loaded when a user signs in and kept live from the socket's `notification` events.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(NotificationsApi);
  private readonly session = inject(SessionStore);
  private readonly socket = inject(SocketClient);
  private readonly toast = inject(Toast);
  private readonly router = inject(Router);

  private readonly list = signal<NotificationView[]>([]);
  private readonly count = signal(0);
  private readonly state = signal<NotificationsState>('idle');
  private readonly failure = signal<string | null>(null);
  private requests: Subscription[] = [];

  readonly items = this.list.asReadonly();
  readonly unreadCount = this.count.asReadonly();
  readonly loadState = this.state.asReadonly();
  readonly loadError = this.failure.asReadonly();
  readonly isEmpty = computed(() => this.state() === 'ready' && this.list().length === 0);
  /** The badge text: nothing at 0, "99+" past 99. */
  readonly badge = computed(() => {
    const count = this.count();
    if (count <= 0) return null;
    return count > 99 ? '99+' : String(count);
  });

  constructor() {
    const userId = computed(() => this.session.user()?.id ?? null);
    effect(() => {
      const id = userId();
      untracked(() => (id === null ? this.reset() : this.refreshCount()));
    });
    this.socket.on('notification', (event) => this.receive(event));
  }

  /** The badge count alone (the list loads when the menu opens). */
  refreshCount(): void {
    this.cancel();
    this.requests.push(
      this.api.unreadCount().subscribe({
        next: ({ unreadCount }) => this.count.set(unreadCount),
        // The badge is a hint: keep the last count, the menu shows load errors.
        error: () => undefined,
      }),
    );
  }

  /** Reloads the latest notifications and the count (when the menu opens). */
  load(): void {
    this.cancel();
    if (this.state() !== 'ready') this.state.set('loading');
    this.requests.push(
      this.api.list(BELL_PAGE_SIZE).subscribe({
        next: (page) => {
          this.list.set(page.items);
          this.count.set(page.unreadCount);
          this.state.set('ready');
          this.failure.set(null);
        },
        error: (error: unknown) => {
          this.failure.set(errorMessage(error, 'Notifications could not be loaded.'));
          if (this.state() !== 'ready') this.state.set('error');
        },
      }),
    );
  }

  /** A notification pushed over the socket: on top of the list, counted, and toasted. */
  receive(event: NotificationEvent): void {
    if (this.list().some((item) => item.id === event.id)) return;
    this.list.update((items) => [fromEvent(event), ...items].slice(0, BELL_PAGE_SIZE));
    this.count.update((count) => count + 1);
    if (this.state() === 'idle') this.state.set('ready');
    this.toast.showInfo(event.title);
  }

  /** Marks it read (if it was not), then follows its link. */
  open(notification: NotificationView): void {
    if (!notification.isRead) {
      this.markLocally(notification.id);
      this.api.markRead(notification.id).subscribe({
        error: (error: unknown) => {
          this.toast.showError(errorMessage(error, 'The notification could not be marked read.'));
          this.load();
        },
      });
    }
    if (notification.link) void this.router.navigateByUrl(notification.link);
  }

  markAllRead(): void {
    this.api.markAllRead().subscribe({
      next: (response) => {
        const readAt = new Date().toISOString();
        this.list.update((items) =>
          items.map((item) => (item.isRead ? item : { ...item, isRead: true, readAt })),
        );
        this.count.set(response.unreadCount);
      },
      error: (error: unknown) =>
        this.toast.showError(errorMessage(error, 'The notifications could not be marked read.')),
    });
  }

  private markLocally(id: number): void {
    const readAt = new Date().toISOString();
    this.list.update((items) =>
      items.map((item) => (item.id === id ? { ...item, isRead: true, readAt } : item)),
    );
    this.count.update((count) => Math.max(0, count - 1));
  }

  private reset(): void {
    this.cancel();
    this.list.set([]);
    this.count.set(0);
    this.state.set('idle');
    this.failure.set(null);
  }

  private cancel(): void {
    for (const request of this.requests) request.unsubscribe();
    this.requests = [];
  }
}
