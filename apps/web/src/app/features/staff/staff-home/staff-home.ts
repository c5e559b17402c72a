import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

import { SessionStore } from '../../../core/auth/session-store';
import { navItemsFor, navTestId } from '../../../core/layout/nav-items';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  '/staff/tickets': 'Answer customers, assign tickets and add internal notes.',
  '/staff/checks': 'Review receipts, approve or reject top-ups.',
  '/staff/users': 'Find customers, change roles, adjust balances.',
  '/staff/servers': 'Every server on the cluster, with filters; suspend and resume.',
  '/staff/tariffs': 'Prices and resources of the plans on sale.',
  '/staff/os': 'Container templates customers can install.',
  '/staff/outbox': 'Messages the panel has sent or queued; resend failed ones.',
  '/staff/audit': 'Who did what, when and from where.',
};

/** Staff landing page: the tools this role may use (the same list as the menu). */
@Component({
  selector: 'app-staff-home',
  imports: [MatButtonModule, MatCardModule, MatIconModule, RouterLink],
  templateUrl: './staff-home.html',
  styleUrl: './staff-home.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffHome {
  private readonly session = inject(SessionStore);
  protected readonly role = this.session.role;
  protected readonly sections = computed(() =>
    navItemsFor(this.session.role(), 'staff').map((item) => ({
      ...item,
      description: DESCRIPTIONS[item.path] ?? '',
      testId: `staff-link-${navTestId(item).slice('nav-'.length)}`,
    })),
  );
}
