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
import { type NavItem, navItemsFor, navTestId } from '../nav-items';

/** One list of the side navigation; a heading names it, or it is the main navigation. */
interface NavSection {
  readonly group: NavItem['group'];
  readonly heading: string | null;
  readonly items: readonly NavItem[];
}

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
  /**
   * The main entries, then the staff tools under their own heading (admin-only ones only for
   * admins); a list with no entry is left out.
   */
  protected readonly navSections = computed<readonly NavSection[]>(() => {
    const role = this.session.role();
    const sections: NavSection[] = [
      { group: 'main', heading: null, items: navItemsFor(role, 'main') },
      { group: 'staff', heading: 'Staff tools', items: navItemsFor(role, 'staff') },
    ];
    return sections.filter((section) => section.group === 'main' || section.items.length > 0);
  });
  protected readonly navTestId = navTestId;

  protected closeNavOnHandset(): void {
    if (this.isHandset()) void this.sidenav().close();
  }

  protected logOut(): void {
    this.session.logout();
  }
}
