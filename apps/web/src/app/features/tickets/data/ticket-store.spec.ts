import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aUser } from '../../../../testing/auth-fixtures';
import { aTicket, aTicketMessage, aTicketSummary } from '../../../../testing/ticket-fixtures';
import { SessionStore } from '../../../core/auth/session-store';
import { Toast } from '../../../core/errors/toast';
import { TicketStore } from './ticket-store';

describe('TicketStore', () => {
  let sut: TicketStore;
  let httpMock: HttpTestingController;
  let toast: { showError: jest.Mock; showInfo: jest.Mock };

  beforeEach(() => {
    localStorage.clear();
    toast = { showError: jest.fn(), showInfo: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        TicketStore,
        { provide: Toast, useValue: toast },
      ],
    });
    sut = TestBed.inject(TicketStore);
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => httpMock.verify());

  /** Lets firstValueFrom's promise settle after a flush. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  function loadTicket(overrides: Parameters<typeof aTicket>[0] = {}): void {
    sut.load(3);
    httpMock.expectOne('/api/tickets/3').flush(aTicket(overrides));
  }

  it('loads a ticket with its thread', () => {
    loadTicket();

    expect(sut.loadState()).toBe('ready');
    expect(sut.ticket()?.messages).toHaveLength(1);
    expect(sut.isClosed()).toBe(false);
  });

  it('says when the ticket does not exist', () => {
    sut.load(3);
    httpMock
      .expectOne('/api/tickets/3')
      .flush({ statusCode: 404, message: 'Ticket not found' }, { status: 404, statusText: 'NF' });

    expect(sut.loadState()).toBe('not-found');
  });

  it('closes and reopens, keeping the messages', async () => {
    loadTicket();

    const closed = sut.close();
    expect(sut.isSaving()).toBe(true);
    const closeRequest = httpMock.expectOne('/api/tickets/3/close');
    expect(closeRequest.request.method).toBe('POST');
    closeRequest.flush(aTicketSummary({ status: 'closed', closedAt: '2026-03-02T00:00:00Z' }));
    await expect(closed).resolves.toBe(true);

    expect(sut.isClosed()).toBe(true);
    expect(sut.isSaving()).toBe(false);
    expect(sut.ticket()?.messages).toHaveLength(1);

    const reopened = sut.reopen();
    httpMock.expectOne('/api/tickets/3/reopen').flush(aTicketSummary({ status: 'open' }));
    await reopened;
    expect(sut.ticket()?.status).toBe('open');
  });

  it('changes status and priority (staff)', async () => {
    loadTicket();

    const status = sut.setStatus('answered');
    const request = httpMock.expectOne('/api/tickets/3');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ status: 'answered' });
    request.flush(aTicketSummary({ status: 'answered' }));
    await status;

    const priority = sut.setPriority('urgent');
    const priorityRequest = httpMock.expectOne('/api/tickets/3');
    expect(priorityRequest.request.body).toEqual({ priority: 'urgent' });
    priorityRequest.flush(aTicketSummary({ status: 'answered', priority: 'urgent' }));
    await priority;

    expect(sut.ticket()).toMatchObject({ status: 'answered', priority: 'urgent' });
  });

  it('keeps the ticket and shows a toast when a change fails', async () => {
    loadTicket();

    const status = sut.setStatus('closed');
    httpMock
      .expectOne('/api/tickets/3')
      .flush({ statusCode: 403, message: 'Staff only' }, { status: 403, statusText: 'Forbidden' });

    await expect(status).resolves.toBe(false);
    expect(sut.ticket()?.status).toBe('open');
    expect(toast.showError).toHaveBeenCalledWith('Staff only');
  });

  it('assigns the ticket to the signed-in staff member', async () => {
    TestBed.inject(SessionStore).updateUser(aUser({ id: 2, role: 'support' }));
    loadTicket();

    const assigned = sut.assignToMe();
    const request = httpMock.expectOne('/api/tickets/3/assign');
    expect(request.request.body).toEqual({ assigneeId: 2 });
    request.flush(aTicketSummary({ assigneeId: 2, assigneeEmail: 'support@example.com' }));
    await assigned;

    expect(sut.isMine()).toBe(true);
  });

  it('sends a reply or an internal note and shows the new thread', async () => {
    loadTicket();

    const replied = sut.reply('Any news?');
    const request = httpMock.expectOne('/api/tickets/3/messages');
    expect(request.request.body).toEqual({ body: 'Any news?' });
    request.flush(
      aTicket({ status: 'customer-reply' }, [
        aTicketMessage(),
        aTicketMessage({ id: 12, body: 'Any news?' }),
      ]),
    );
    await settle();
    await expect(replied).resolves.toBe(true);
    expect(sut.ticket()?.messages).toHaveLength(2);

    const noted = sut.reply('Checked the node', true);
    expect(sut.isSaving()).toBe(true);
    const note = httpMock.expectOne('/api/tickets/3/messages');
    expect(note.request.body).toEqual({ body: 'Checked the node', isInternal: true });
    note.flush(aTicket({ status: 'customer-reply' }));
    await expect(noted).resolves.toBe(true);
  });
});
