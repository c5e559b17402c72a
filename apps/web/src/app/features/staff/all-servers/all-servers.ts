import { SERVER_STATUSES, type ServerStatus, type ServerView } from '@hostdeck/contracts';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { type Subscription, filter, firstValueFrom } from 'rxjs';

import { SessionStore } from '../../../core/auth/session-store';
import { errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { Confirmation } from '../../../shared/confirm-dialog/confirm-dialog';
import { formatMemoryMb } from '../../../shared/format/units';
import { MoneyPipe } from '../../../shared/money/money-pipe';
import { serverStatusLook } from '../../../shared/status-badge/server-status';
import { StatusBadge } from '../../../shared/status-badge/status-badge';
import type { ListState } from '../data/paged-list';
import { StaffApi } from '../data/staff-api';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import { SearchField } from '../shared/search-field';

/**
 * The node filter's options: every node seen in any list so far (a list filtered by node shows
 * only that one), plus the selected node, sorted.
 */
export function knownNodes(
  known: readonly string[],
  servers: readonly ServerView[],
  selected: string,
): string[] {
  const nodes = new Set(known);
  for (const server of servers) if (server.node) nodes.add(server.node);
  if (selected !== 'all') nodes.add(selected);
  return [...nodes].sort();
}

/**
 * Staff: every server on the cluster, filtered by status, node, customer and hostname on the
 * API; admins suspend and resume (each confirmed).
 */
@Component({
  selector: 'app-all-servers',
  imports: [
    PageHeader,
    ListStateView,
    SearchField,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MoneyPipe,
    RouterLink,
    StatusBadge,
  ],
  templateUrl: './all-servers.html',
  styleUrl: '../staff.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AllServers {
  /** Query parameter: one customer's servers (from the users screen). */
  readonly ownerId = input<string | undefined>();

  private readonly api = inject(StaffApi);
  private readonly toast = inject(Toast);
  private readonly confirmation = inject(Confirmation);
  private readonly router = inject(Router);
  private readonly session = inject(SessionStore);
  protected readonly isAdmin = computed(() => this.session.role() === 'admin');

  protected readonly statuses = SERVER_STATUSES;
  protected readonly statusLabel = (status: ServerStatus) => serverStatusLook(status).label;
  protected readonly formatMemoryMb = formatMemoryMb;
  protected readonly status = signal<ServerStatus | 'all'>('all');
  protected readonly node = signal<string>('all');
  protected readonly search = signal('');
  protected readonly owner = signal('');
  protected readonly state = signal<ListState>('loading');
  protected readonly problem = signal<string | null>(null);
  private readonly servers = signal<ServerView[]>([]);
  private readonly busy = signal<ReadonlySet<number>>(new Set());
  private request: Subscription | null = null;

  protected readonly nodes = signal<readonly string[]>([]);
  protected readonly shown = this.servers.asReadonly();
  protected readonly isBusy = computed(() => {
    const ids = this.busy();
    return (id: number) => ids.has(id);
  });

  constructor() {
    effect(() => {
      const ownerId = this.ownerId() ?? '';
      untracked(() => {
        this.owner.set(ownerId);
        this.load();
      });
    });
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  protected setStatus(status: ServerStatus | 'all'): void {
    this.status.set(status);
    this.load();
  }

  protected setNode(node: string): void {
    this.node.set(node);
    this.load();
  }

  protected setSearch(text: string): void {
    this.search.set(text.trim());
    this.load();
  }

  protected setOwner(text: string): void {
    const ownerId = text.trim();
    // Keep the filter in the URL, so a link from the users screen and a reload show the same.
    void this.router.navigate([], {
      queryParams: { ownerId: /^\d+$/.test(ownerId) ? ownerId : null },
      queryParamsHandling: 'merge',
    });
  }

  load(): void {
    const owner = this.owner();
    const status = this.status();
    const node = this.node();
    if (this.state() !== 'ready') this.state.set('loading');
    this.request?.unsubscribe();
    this.request = this.api
      .listServers({
        status: status === 'all' ? undefined : status,
        node: node === 'all' ? undefined : node,
        ownerId: /^\d+$/.test(owner) ? Number(owner) : undefined,
        search: this.search() || undefined,
      })
      .subscribe({
        next: (servers) => {
          this.servers.set(servers);
          this.nodes.update((known) => knownNodes(known, servers, node));
          this.problem.set(null);
          this.state.set('ready');
        },
        error: (error: unknown) => {
          this.problem.set(errorMessage(error, 'The servers could not be loaded.'));
          this.state.set('error');
        },
      });
  }

  protected suspend(server: ServerView): void {
    this.confirmation
      .ask({
        title: `Suspend ${server.hostname}?`,
        message:
          'The server is stopped and marked suspended; its owner cannot start it until it is resumed.',
        confirmLabel: 'Suspend',
        isDanger: true,
      })
      .pipe(filter((result) => result !== null))
      .subscribe(() => void this.act(server, 'suspend'));
  }

  protected unsuspend(server: ServerView): void {
    this.confirmation
      .ask({
        title: `Resume ${server.hostname}?`,
        message: 'The suspension is lifted and the server is started again.',
        confirmLabel: 'Resume',
      })
      .pipe(filter((result) => result !== null))
      .subscribe(() => void this.act(server, 'unsuspend'));
  }

  private async act(server: ServerView, action: 'suspend' | 'unsuspend'): Promise<void> {
    this.busy.update((ids) => new Set([...ids, server.id]));
    try {
      const accepted = await firstValueFrom(
        action === 'suspend'
          ? this.api.suspendServer(server.id)
          : this.api.unsuspendServer(server.id),
      );
      this.servers.update((servers) =>
        servers.map((row) => (row.id === server.id ? accepted.server : row)),
      );
      this.toast.showInfo(
        action === 'suspend'
          ? `${server.hostname} is being suspended.`
          : `${server.hostname} is being resumed.`,
      );
    } catch (error: unknown) {
      this.toast.showError(
        errorMessage(
          error,
          `${server.hostname} could not be ${action === 'suspend' ? 'suspended' : 'resumed'}.`,
        ),
      );
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((id) => id !== server.id)));
    }
  }
}
