import { DestroyRef, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { type Observable, type Subscription, filter, firstValueFrom } from 'rxjs';

import { apiErrorMessages, errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { Confirmation } from '../../../shared/confirm-dialog/confirm-dialog';
import type { ListState } from '../data/paged-list';
import { CatalogDialog, type CatalogDialogData } from './catalog-dialog';

interface CatalogRow {
  readonly id: number;
  readonly name: string;
}

/**
 * The shared behaviour of the tariff and OS editors: load the list, open the form dialog to
 * create or edit, delete (or deactivate when servers still use the row) after a confirmation.
 * Built in a component's injection context.
 */
export class CatalogList<T extends CatalogRow> {
  private readonly toast = inject(Toast);
  private readonly confirmation = inject(Confirmation);
  private readonly dialog = inject(MatDialog);
  private request: Subscription | null = null;

  readonly rows = signal<T[]>([]);
  readonly state = signal<ListState>('loading');
  readonly problem = signal<string | null>(null);

  constructor(
    private readonly what: string,
    private readonly list: () => Observable<T[]>,
  ) {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  load(): void {
    if (this.state() !== 'ready') this.state.set('loading');
    this.request?.unsubscribe();
    this.request = this.list().subscribe({
      next: (rows) => {
        this.rows.set(rows);
        this.state.set('ready');
      },
      error: (error: unknown) => {
        this.problem.set(errorMessage(error, `The ${this.what}s could not be loaded.`));
        this.state.set('error');
      },
    });
  }

  /** Opens the form; `send` is the create or update call. */
  edit(
    data: Omit<CatalogDialogData, 'save'>,
    send: (values: Record<string, string>, isActive: boolean) => Observable<T>,
  ): void {
    this.dialog
      .open<CatalogDialog, CatalogDialogData, boolean>(CatalogDialog, {
        data: {
          ...data,
          save: async (values, isActive) => {
            try {
              const saved = await firstValueFrom(send(values, isActive));
              this.toast.showInfo(`${saved.name} saved.`);
              this.load();
              return null;
            } catch (error: unknown) {
              const messages = apiErrorMessages(error);
              return messages.length > 0
                ? messages
                : [errorMessage(error, `The ${this.what} could not be saved.`)];
            }
          },
        },
        width: '480px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe();
  }

  remove(row: T, call: () => Observable<{ isDeleted: boolean; isDeactivated: boolean }>): void {
    this.confirmation
      .ask({
        title: `Delete ${row.name}?`,
        message: `A ${this.what} that servers still use is only taken off sale, never deleted.`,
        confirmLabel: 'Delete',
        isDanger: true,
      })
      .pipe(filter((result) => result !== null))
      .subscribe(async () => {
        try {
          const removal = await firstValueFrom(call());
          this.toast.showInfo(
            removal.isDeleted
              ? `${row.name} deleted.`
              : `${row.name} is in use, so it was taken off sale instead.`,
          );
        } catch (error: unknown) {
          this.toast.showError(errorMessage(error, `${row.name} could not be deleted.`));
        }
        this.load();
      });
  }
}
