import type { SnapshotView } from '@hostdeck/contracts';
import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { type Subscription, firstValueFrom } from 'rxjs';

import { errorMessage } from '../../../../core/errors/api-error';
import { Confirmation } from '../../../../shared/confirm-dialog/confirm-dialog';
import { ServerStore } from '../../data/server-store';
import { ServersApi } from '../../data/servers-api';
import {
  SNAPSHOT_NAME_MESSAGES,
  type SnapshotNameProblem,
  snapshotNameValidator,
} from '../../data/validators';

const DESCRIPTION_MAX_LENGTH = 255;

/** Snapshots tab: take one, list them, restore or delete one (each confirmed). */
@Component({
  selector: 'app-server-snapshots',
  imports: [
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    ReactiveFormsModule,
  ],
  templateUrl: './snapshots.html',
  styleUrl: '../tab-page.scss',
  styles: `
    .create-form {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr) auto;
      align-items: start;
      gap: 12px;
    }
    .create-form button {
      height: 56px;
    }
    .list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 12px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .row:first-child {
      border-top: 0;
    }
    .row-main {
      display: flex;
      flex: 1 1 240px;
      flex-direction: column;
      min-width: 0;
    }
    .name {
      font: var(--mat-sys-title-small);
      overflow-wrap: anywhere;
    }
    .row-actions {
      display: flex;
      gap: 8px;
    }
    @media (max-width: 719.98px) {
      .create-form {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerSnapshots {
  protected readonly store = inject(ServerStore);
  private readonly api = inject(ServersApi);
  private readonly confirmation = inject(Confirmation);

  protected readonly snapshots = signal<SnapshotView[]>([]);
  protected readonly listState = signal<'loading' | 'ready' | 'error'>('loading');
  protected readonly listError = signal<string | null>(null);
  protected readonly descriptionMaxLength = DESCRIPTION_MAX_LENGTH;
  private listRequest: Subscription | null = null;

  /** Only the id: the server object changes on every poll, the id does not. */
  private readonly serverId = computed(() => this.store.server()?.id);
  private readonly names = computed(() => this.snapshots().map((snapshot) => snapshot.name));
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [snapshotNameValidator(() => this.names())]],
    description: ['', [Validators.maxLength(DESCRIPTION_MAX_LENGTH)]],
  });

  constructor() {
    // Load now, and again whenever an operation ends (a snapshot appeared or went away).
    effect(() => {
      const serverId = this.serverId();
      this.store.operationsFinished();
      if (serverId !== undefined) untracked(() => this.loadSnapshots(serverId));
    });
    inject(DestroyRef).onDestroy(() => this.listRequest?.unsubscribe());
  }

  protected nameProblem(): string | null {
    const control = this.form.controls.name;
    if (!control.invalid || !(control.touched || control.dirty)) return null;
    const problem = Object.keys(control.errors ?? {})[0]?.replace('snapshot-', '');
    return problem ? SNAPSHOT_NAME_MESSAGES[problem as SnapshotNameProblem] : null;
  }

  protected reload(): void {
    const serverId = this.serverId();
    if (serverId !== undefined) this.loadSnapshots(serverId);
  }

  protected async createSnapshot(): Promise<void> {
    this.form.controls.name.updateValueAndValidity();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, description } = this.form.getRawValue();
    const accepted = await this.store.createSnapshot(name.trim(), description.trim() || undefined);
    if (accepted) this.form.reset();
  }

  protected async restoreSnapshot(snapshot: SnapshotView): Promise<void> {
    const answer = await firstValueFrom(
      this.confirmation.ask({
        title: `Restore ${snapshot.name}?`,
        message:
          'The server goes back to this snapshot. Everything written since then is lost. ' +
          'A running server is stopped and started again.',
        confirmLabel: 'Restore',
        isDanger: true,
      }),
    );
    if (answer) await this.store.rollbackSnapshot(snapshot.name);
  }

  protected async deleteSnapshot(snapshot: SnapshotView): Promise<void> {
    const answer = await firstValueFrom(
      this.confirmation.ask({
        title: `Delete ${snapshot.name}?`,
        message: 'The snapshot is removed for good. The server itself is not changed.',
        confirmLabel: 'Delete snapshot',
        isDanger: true,
      }),
    );
    if (answer) await this.store.deleteSnapshot(snapshot.name);
  }

  private loadSnapshots(serverId: number): void {
    this.listRequest?.unsubscribe();
    if (this.listState() === 'error') this.listState.set('loading');
    this.listRequest = this.api.listSnapshots(serverId).subscribe({
      next: (snapshots) => {
        this.snapshots.set(snapshots);
        this.listState.set('ready');
        this.listError.set(null);
        // The name may have become taken (or free).
        this.form.controls.name.updateValueAndValidity();
      },
      error: (error: unknown) => {
        this.listError.set(errorMessage(error, 'The snapshots could not be loaded.'));
        this.listState.set('error');
      },
    });
  }
}
