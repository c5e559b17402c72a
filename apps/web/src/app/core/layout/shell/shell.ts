import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

import { SessionStore } from '../../auth/session-store';
import type { AppIconName } from '../../icons/app-icons';
import { NotificationBell } from '../../notifications/notification-bell';

interface NavItem {
  readonly label: string;
  readonly path: string;
  readonly icon: AppIconName;
  readonly exact: boolean;
  readonly staffOnly: boolean;
}

const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Servers', path: '/', icon: 'servers', exact: true, staffOnly: false },
  { label: 'Billing', path: '/billing', icon: 'billing', exact: false, staffOnly: false },
  { label: 'Tickets', path: '/tickets', icon: 'tickets', exact: false, staffOnly: false },
  { label: 'Staff', path: '/staff', icon: 'staff', exact: false, staffOnly: true },
];

/** Below this width the navigation becomes an overlay drawer behind a menu button. */
const HANDSET_QUERY = '(max-width: 839.98px)';

/** The signed-in layout: toolbar, navigation and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    NotificationBell,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly session = inject(SessionStore);
  private readonly sidenav = viewChild.required(MatSidenav);

  protected readonly user = this.session.user;
  protected readonly isHandset = toSignal(
    inject(BreakpointObserver)
      .observe(HANDSET_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly navItems = computed(() => {
    const isStaff = this.session.isStaff();
    return NAV_ITEMS.filter((item) => isStaff || !item.staffOnly);
  });

  protected closeNavOnHandset(): void {
    if (this.isHandset()) void this.sidenav().close();
  }

  protected logOut(): void {
    this.session.logout();
  }
}
