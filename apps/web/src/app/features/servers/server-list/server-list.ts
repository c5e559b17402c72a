import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';

import { MoneyPipe } from '../../../shared/money/money-pipe';
import { ServerListStore } from '../data/server-list-store';
import { ServerCard } from '../server-card/server-card';

/** "My servers": the landing page after login, with the balance and how long it lasts. */
@Component({
  selector: 'app-server-list',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressSpinnerModule,
    MoneyPipe,
    RouterLink,
    ServerCard,
  ],
  providers: [ServerListStore],
  templateUrl: './server-list.html',
  styleUrl: './server-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerList {
  protected readonly store = inject(ServerListStore);

  constructor() {
    this.store.load();
  }

  protected reload(): void {
    this.store.load();
  }
}
