import { USER_ROLES, type UserRole, type UserView } from '@hostdeck/contracts';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged, filter } from 'rxjs';

import { Confirmation } from '../../../shared/confirm-dialog/confirm-dialog';
import { MoneyPipe } from '../../../shared/money/money-pipe';
import { type RoleFilter, UsersStore } from '../data/users-store';
import { ListPager } from '../shared/list-pager';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import { SearchField } from '../shared/search-field';
import { BalanceDialog, type BalanceDialogData } from './balance-dialog';

export const ROLE_LABELS: Record<UserRole, string> = {
  customer: 'Customer',
  support: 'Support',
  admin: 'Admin',
};

/** Staff: find users; admins change roles (confirmed) and adjust balances. */
@Component({
  selector: 'app-users',
  imports: [
    PageHeader,
    ListStateView,
    SearchField,
    ListPager,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    MoneyPipe,
    RouterLink,
  ],
  providers: [UsersStore],
  templateUrl: './users.html',
  styleUrl: '../staff.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Users {
  protected readonly store = inject(UsersStore);
  private readonly confirmation = inject(Confirmation);
  private readonly dialog = inject(MatDialog);

  protected readonly roles = USER_ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  private readonly searches = new Subject<string>();

  constructor() {
    this.store.load(1);
    const subscription = this.searches
      .pipe(debounceTime(300), distinctUntilChanged())
      .subscribe((search) => this.store.setSearch(search));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected search(text: string): void {
    this.searches.next(text.trim());
  }

  protected setRoleFilter(role: RoleFilter): void {
    this.store.setRole(role);
  }

  protected changeRole(user: UserView, role: UserRole, select: { value: unknown }): void {
    if (role === user.role) return;
    this.confirmation
      .ask({
        title: `Make ${user.email} ${ROLE_LABELS[role].toLowerCase()}?`,
        message:
          role === 'customer'
            ? 'They lose access to the staff tools at their next sign-in.'
            : `They get the ${ROLE_LABELS[role].toLowerCase()} tools at their next sign-in.`,
        confirmLabel: 'Change role',
        isDanger: role === 'admin',
      })
      .subscribe(async (result) => {
        const isChanged = result !== null && (await this.store.changeRole(user, role)).ok;
        // Cancelled or refused: the select shows the role the user still has.
        if (!isChanged) select.value = user.role;
      });
  }

  protected adjustBalance(user: UserView): void {
    this.dialog
      .open<BalanceDialog, BalanceDialogData, boolean>(BalanceDialog, {
        data: {
          user,
          save: (amountMinor, reason) => this.store.adjustBalance(user, amountMinor, reason),
        },
        width: '440px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .pipe(filter(Boolean))
      .subscribe();
  }
}
