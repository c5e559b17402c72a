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
import { NotificationBell } from '../../notifications/notification-bell';
import { navItemsFor, navTestId } from '../nav-items';

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
  protected readonly navItems = computed(() => navItemsFor(this.session.role(), 'main'));
  /** Staff tools under their own heading; admin-only ones only for admins. */
  protected readonly staffItems = computed(() => navItemsFor(this.session.role(), 'staff'));
  protected readonly navTestId = navTestId;

  protected closeNavOnHandset(): void {
    if (this.isHandset()) void this.sidenav().close();
  }

  protected logOut(): void {
    this.session.logout();
  }
}
