import type { AuditLogView } from '@hostdeck/contracts';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { PagedList } from '../data/paged-list';
import { StaffApi } from '../data/staff-api';
import { ListPager } from '../shared/list-pager';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';

const PAGE_SIZE = 50;

/** The details of an entry as one short line: `amountMinor: 5000 · reason: Bank transfer`. */
export function detailsText(details: AuditLogView['details']): string {
  if (details === null) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/** A user id filter: digits only, else no filter. */
export function userIdFilter(text: string): number | undefined {
  const value = text.trim();
  return /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/** Admin: the audit trail, newest first, filtered by actor and action. */
@Component({
  selector: 'app-audit-log',
  imports: [PageHeader, ListStateView, ListPager, DatePipe, MatFormFieldModule, MatInputModule],
  templateUrl: './audit-log.html',
  styleUrl: '../staff.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLog {
  private readonly api = inject(StaffApi);

  protected readonly list = new PagedList<AuditLogView>(
    PAGE_SIZE,
    'The audit log could not be loaded.',
  );
  protected readonly userId = signal('');
  protected readonly action = signal('');
  protected readonly detailsText = detailsText;

  constructor() {
    this.load(1);
    inject(DestroyRef).onDestroy(() => this.list.destroy());
  }

  protected load(page = this.list.page()): void {
    const userId = userIdFilter(this.userId());
    const action = this.action().trim().toLowerCase();
    this.list.load(page, (current) =>
      this.api.listAudit({
        page: current,
        pageSize: PAGE_SIZE,
        userId,
        action: action || undefined,
      }),
    );
  }

  protected setUserId(text: string): void {
    this.userId.set(text);
    this.load(1);
  }

  protected setAction(text: string): void {
    this.action.set(text);
    this.load(1);
  }
}
