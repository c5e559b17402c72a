import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';

import { SessionStore } from '../../../core/auth/session-store';

interface StaffSection {
  readonly title: string;
  readonly description: string;
  /** Set once the tool exists. */
  readonly link?: string;
}

const SECTIONS: readonly StaffSection[] = [
  {
    title: 'Ticket queue',
    description: 'Answer customers and add internal notes.',
    link: '/staff/tickets',
  },
  { title: 'Payment checks', description: 'Review receipts, approve or reject top-ups.' },
  { title: 'Users', description: 'Find customers, change roles, adjust balances.' },
  { title: 'Tariffs', description: 'Prices and resources of the plans on sale.' },
  { title: 'Operating systems', description: 'Container templates customers can install.' },
  { title: 'All servers', description: 'Every server on the cluster, with filters.' },
  { title: 'Mail outbox', description: 'Messages the panel has sent or queued.' },
];

/** Staff landing page: a map of the staff tools, linked once they exist. */
@Component({
  selector: 'app-staff-home',
  imports: [MatButtonModule, MatCardModule, RouterLink],
  templateUrl: './staff-home.html',
  styleUrl: './staff-home.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StaffHome {
  protected readonly role = inject(SessionStore).role;
  protected readonly sections = SECTIONS;
}
