import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';

/** The toolbar bell. A placeholder until the notifications API and socket feed are wired in. */
@Component({
  selector: 'app-notification-bell',
  imports: [MatButtonModule, MatIconModule, MatMenuModule],
  template: `
    <button
      mat-icon-button
      type="button"
      aria-label="Notifications"
      data-testid="notifications-button"
      [matMenuTriggerFor]="notificationsMenu"
    >
      <mat-icon svgIcon="notifications" />
    </button>
    <mat-menu #notificationsMenu="matMenu" xPosition="before">
      <p class="empty" data-testid="notifications-empty">No notifications yet</p>
    </mat-menu>
  `,
  styles: `
    .empty {
      margin: 0;
      padding: 12px 16px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {}
