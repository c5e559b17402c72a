import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { StatusBadge } from '../../../shared/status-badge/status-badge';
import { ServerStore } from '../data/server-store';
import { SERVER_TABS } from './server-tabs';

/**
 * /servers/:id: the server's header (status, address, running operation) and its tabs. Owns
 * the ServerStore every tab shares, so the page polls once however many tabs look at it.
 */
@Component({
  selector: 'app-server-panel',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MatTabsModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    StatusBadge,
  ],
  providers: [ServerStore],
  templateUrl: './server-panel.html',
  styleUrl: './server-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerPanel {
  protected readonly store = inject(ServerStore);
  protected readonly tabs = SERVER_TABS;

  /** The :id route parameter (component input binding). */
  readonly id = input.required<string>();
  private readonly serverId = computed(() => {
    const id = Number(this.id());
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  });

  constructor() {
    effect(() => {
      const id = this.serverId();
      untracked(() => (id === null ? undefined : this.store.load(id)));
    });
  }

  protected readonly isValidId = computed(() => this.serverId() !== null);

  protected retry(): void {
    this.store.refresh();
  }
}
