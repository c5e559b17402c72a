import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { NotificationsStore } from './notifications-store';

/** The toolbar bell: unread badge, the latest notifications, live over the socket. */
@Component({
  selector: 'app-notification-bell',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatMenuModule, MatProgressSpinnerModule],
  template: `
    <button
      mat-icon-button
      type="button"
      class="bell"
      data-testid="notifications-button"
      [attr.aria-label]="
        store.badge() ? 'Notifications, ' + store.unreadCount() + ' unread' : 'Notifications'
      "
      [matMenuTriggerFor]="notificationsMenu"
      (menuOpened)="store.load()"
    >
      <mat-icon svgIcon="notifications" />
      @if (store.badge(); as badge) {
        <span class="count" data-testid="notifications-count">{{ badge }}</span>
      }
    </button>
    <mat-menu #notificationsMenu="matMenu" xPosition="before" class="notifications-menu">
      <div class="menu-header" role="presentation">
        <span class="menu-title">Notifications</span>
        <button
          mat-button
          type="button"
          data-testid="notifications-read-all"
          [disabled]="store.unreadCount() === 0"
          (click)="$event.stopPropagation(); store.markAllRead()"
        >
          Mark all read
        </button>
      </div>
      @switch (store.loadState()) {
        @case ('loading') {
          <div class="note" role="status" data-testid="notifications-loading">
            <mat-spinner diameter="20" aria-hidden="true" /> Loading…
          </div>
        }
        @case ('error') {
          <p class="note error" role="alert" data-testid="notifications-error">
            {{ store.loadError() }}
          </p>
        }
        @default {
          @for (item of store.items(); track item.id) {
            <button
              mat-menu-item
              type="button"
              class="item"
              [class.unread]="!item.isRead"
              [attr.data-testid]="'notification-' + item.id"
              (click)="store.open(item)"
            >
              <span class="item-text">
                <span class="item-title">{{ item.title }}</span>
                <span class="item-body">{{ item.body }}</span>
                <span class="item-date">{{ item.createdAt | date: 'short' }}</span>
              </span>
            </button>
          } @empty {
            <p class="note" data-testid="notifications-empty">No notifications yet</p>
          }
        }
      }
    </mat-menu>
  `,
  styles: `
    .bell {
      position: relative;
    }
    .count {
      position: absolute;
      top: 2px;
      right: 2px;
      min-width: 16px;
      height: 16px;
      padding: 0 4px;
      box-sizing: border-box;
      border-radius: 8px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font: var(--mat-sys-label-small);
      line-height: 16px;
      text-align: center;
      pointer-events: none;
    }
    .menu-header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 8px 4px 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .menu-title {
      font: var(--mat-sys-title-small);
    }
    .note {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      padding: 12px 16px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .note.error {
      color: var(--mat-sys-error);
    }
    .item {
      height: auto;
      min-height: 56px;
      padding-block: 8px;
      border-inline-start: 3px solid transparent;
    }
    .item.unread {
      border-inline-start-color: var(--mat-sys-primary);
      background: var(--mat-sys-surface-container-high);
    }
    .item-text {
      display: flex;
      flex-direction: column;
      max-width: 300px;
      white-space: normal;
    }
    .item-title {
      font: var(--mat-sys-title-small);
    }
    .item-body {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .item-date {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  protected readonly store = inject(NotificationsStore);
}
