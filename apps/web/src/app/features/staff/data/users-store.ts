import type { UserRole, UserView } from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';

import { SessionStore } from '../../../core/auth/session-store';
import { apiErrorMessages, errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { PagedList } from './paged-list';
import { StaffApi } from './staff-api';

export const USERS_PAGE_SIZE = 25;

export type RoleFilter = UserRole | 'all';

/** The outcome of a change: ok, or the API's messages to show beside the form. */
export type SaveResult = { ok: true } | { ok: false; messages: string[] };

/**
 * Users: search by email and role, paged; admins change roles and adjust balances (written to
 * the customer's ledger). Support staff only read.
 */
@Injectable()
export class UsersStore {
  private readonly api = inject(StaffApi);
  private readonly toast = inject(Toast);
  private readonly session = inject(SessionStore);

  readonly list = new PagedList<UserView>(USERS_PAGE_SIZE, 'The users could not be loaded.');
  private readonly searchSignal = signal('');
  private readonly roleSignal = signal<RoleFilter>('all');
  private readonly busy = signal<ReadonlySet<number>>(new Set());

  readonly search = this.searchSignal.asReadonly();
  readonly role = this.roleSignal.asReadonly();
  readonly isAdmin = computed(() => this.session.role() === 'admin');
  readonly currentUserId = computed(() => this.session.user()?.id ?? null);
  readonly isBusy = computed(() => {
    const ids = this.busy();
    return (id: number) => ids.has(id);
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.list.destroy());
  }

  setSearch(search: string): void {
    this.searchSignal.set(search.trim());
    this.load(1);
  }

  setRole(role: RoleFilter): void {
    this.roleSignal.set(role);
    this.load(1);
  }

  load(page = this.list.page()): void {
    const search = this.searchSignal();
    const role = this.roleSignal();
    this.list.load(page, (current) =>
      this.api.listUsers({
        page: current,
        pageSize: USERS_PAGE_SIZE,
        search: search || undefined,
        role: role === 'all' ? undefined : role,
      }),
    );
  }

  /** Admins only (the API refuses others). */
  async changeRole(user: UserView, role: UserRole): Promise<SaveResult> {
    if (user.role === role) return { ok: true };
    return this.save(
      user.id,
      this.api.changeRole(user.id, role),
      'The role could not be changed.',
      false,
      (updated) => {
        this.list.replace((row) => row.id === user.id, updated);
        this.toast.showInfo(`${updated.email} is now ${updated.role}.`);
      },
    );
  }

  /** Signed minor units: positive credits, negative debits. */
  async adjustBalance(user: UserView, amountMinor: number, reason: string): Promise<SaveResult> {
    return this.save(
      user.id,
      this.api.adjustBalance(user.id, amountMinor, reason.trim()),
      'The balance could not be adjusted.',
      true,
      (response) => {
        this.list.replace((row) => row.id === user.id, response.user);
        this.toast.showInfo(`Balance of ${response.user.email} adjusted.`);
      },
    );
  }

  private async save<T>(
    userId: number,
    call: Observable<T>,
    failureText: string,
    isShownInline: boolean,
    apply: (value: T) => void,
  ): Promise<SaveResult> {
    this.busy.update((ids) => new Set([...ids, userId]));
    try {
      apply(await firstValueFrom(call));
      return { ok: true };
    } catch (error: unknown) {
      // A form shows the API's field messages beside its inputs; a one-click change toasts them.
      if (!isShownInline) this.toast.showError(errorMessage(error, failureText));
      const messages = apiErrorMessages(error);
      return {
        ok: false,
        messages: messages.length > 0 ? messages : [errorMessage(error, failureText)],
      };
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((id) => id !== userId)));
    }
  }
}
