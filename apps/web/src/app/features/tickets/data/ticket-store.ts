import type {
  TicketDetail,
  TicketPriority,
  TicketStatus,
  TicketSummary,
} from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, type Subscription, firstValueFrom } from 'rxjs';

import { SessionStore } from '../../../core/auth/session-store';
import { errorMessage, httpStatus } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { TicketsApi } from './tickets-api';

export type TicketState = 'loading' | 'ready' | 'not-found' | 'error';

/** One ticket with its thread: reply, close/reopen and (staff) assign, status and priority. */
@Injectable()
export class TicketStore {
  private readonly api = inject(TicketsApi);
  private readonly session = inject(SessionStore);
  private readonly toast = inject(Toast);

  private readonly current = signal<TicketDetail | null>(null);
  private readonly state = signal<TicketState>('loading');
  private readonly failure = signal<string | null>(null);
  private readonly pending = signal(false);
  private request: Subscription | null = null;

  readonly ticket = this.current.asReadonly();
  readonly loadState = this.state.asReadonly();
  readonly loadError = this.failure.asReadonly();
  /** A change is on its way to the API; buttons wait for it. */
  readonly isSaving = this.pending.asReadonly();
  readonly isStaff = this.session.isStaff;
  readonly isClosed = computed(() => this.current()?.status === 'closed');
  readonly isMine = computed(() => {
    const ticket = this.current();
    const user = this.session.user();
    return ticket !== null && user !== null && ticket.assigneeId === user.id;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  load(id: number): void {
    if (this.current()?.id !== id) this.state.set('loading');
    this.request?.unsubscribe();
    this.request = this.api.get(id).subscribe({
      next: (ticket) => {
        this.current.set(ticket);
        this.failure.set(null);
        this.state.set('ready');
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error, 'The ticket could not be loaded.'));
        this.state.set(httpStatus(error) === 404 ? 'not-found' : 'error');
      },
    });
  }

  /** Resolves true when the reply (or internal note), with its optional file, was sent. */
  reply(body: string, isInternal = false, attachment: File | null = null): Promise<boolean> {
    const ticket = this.current();
    if (!ticket) return Promise.resolve(false);
    const request = isInternal ? { body, isInternal: true } : { body };
    return this.save(
      this.api.reply(ticket.id, request, attachment),
      'Your reply could not be sent.',
      (detail) => this.current.set(detail),
    );
  }

  close(): Promise<boolean> {
    return this.change((id) => this.api.close(id), 'The ticket could not be closed.');
  }

  reopen(): Promise<boolean> {
    return this.change((id) => this.api.reopen(id), 'The ticket could not be reopened.');
  }

  setStatus(status: TicketStatus): Promise<boolean> {
    return this.change((id) => this.api.update(id, { status }), 'The status could not be changed.');
  }

  setPriority(priority: TicketPriority): Promise<boolean> {
    return this.change(
      (id) => this.api.update(id, { priority }),
      'The priority could not be changed.',
    );
  }

  assignToMe(): Promise<boolean> {
    const userId = this.session.user()?.id;
    if (userId === undefined) return Promise.resolve(false);
    return this.change((id) => this.api.assign(id, userId), 'The ticket could not be assigned.');
  }

  unassign(): Promise<boolean> {
    return this.change((id) => this.api.assign(id, null), 'The ticket could not be unassigned.');
  }

  /** A summary change: merged into the ticket, keeping its messages. */
  private change(
    call: (id: number) => Observable<TicketSummary>,
    failureText: string,
  ): Promise<boolean> {
    const ticket = this.current();
    if (!ticket) return Promise.resolve(false);
    return this.save(call(ticket.id), failureText, (summary) =>
      this.current.update((detail) => (detail ? { ...detail, ...summary } : detail)),
    );
  }

  private async save<T>(
    call: Observable<T>,
    failureText: string,
    apply: (value: T) => void,
  ): Promise<boolean> {
    this.pending.set(true);
    try {
      apply(await firstValueFrom(call));
      return true;
    } catch (error: unknown) {
      this.toast.showError(errorMessage(error, failureText));
      return false;
    } finally {
      this.pending.set(false);
    }
  }
}
