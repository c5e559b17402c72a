import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aUser, storeTokens } from '../../../../testing/auth-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../../testing/socket-fixtures';
import { aTicket, aTicketMessage } from '../../../../testing/ticket-fixtures';
import { SessionStore } from '../../../core/auth/session-store';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { TicketDetailPage } from './ticket-detail';

describe('TicketDetailPage', () => {
  let fixture: ComponentFixture<TicketDetailPage>;
  let httpMock: HttpTestingController;
  let sockets: FakeSocketFactory;

  beforeEach(() => {
    localStorage.clear();
    sockets = new FakeSocketFactory();
    TestBed.configureTestingModule({
      imports: [TicketDetailPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        provideFakeSocket(sockets),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => httpMock.verify());

  async function open(role: 'customer' | 'support'): Promise<void> {
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser({ role }));
    fixture = TestBed.createComponent(TicketDetailPage);
    fixture.componentRef.setInput('id', '3');
    await fixture.whenStable();
    httpMock.expectOne('/api/tickets/3').flush(
      aTicket({}, [
        aTicketMessage(),
        aTicketMessage({
          id: 12,
          isFromStaff: true,
          isInternal: true,
          body: 'Looks like a node issue',
          authorEmail: 'support@example.com',
        }),
      ]),
    );
    await fixture.whenStable();
  }

  function query(testId: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
  }

  it('shows the thread with chips, and no staff tools to a customer', async () => {
    await open('customer');

    expect(query('page-heading')?.textContent).toContain('Server does not boot');
    expect(query('ticket-status')?.textContent).toContain('Open');
    expect(query('ticket-message-11')?.textContent).toContain('It hangs at boot.');
    expect(query('ticket-staff-tools')).toBeNull();
    expect(query('ticket-internal')).toBeNull();
    expect(query('ticket-close')).not.toBeNull();
  });

  it('marks internal notes and offers staff tools to support', async () => {
    await open('support');

    expect(query('ticket-staff-tools')).not.toBeNull();
    expect(query('ticket-assign-me')).not.toBeNull();
    const note = query('ticket-message-12');
    expect(note?.classList).toContain('internal');
    expect(note?.querySelector('[data-testid="internal-note-tag"]')?.textContent).toContain(
      'Internal note',
    );
  });

  it('sends a reply', async () => {
    await open('customer');

    const textarea = query('ticket-reply') as HTMLTextAreaElement;
    textarea.value = 'Still broken';
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    query('ticket-send')?.click();
    const request = httpMock.expectOne('/api/tickets/3/messages');
    expect(request.request.body).toEqual({ body: 'Still broken' });
    request.flush(aTicket({ status: 'customer-reply' }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();

    expect(query('ticket-status')?.textContent).toContain('Customer reply');
    expect((query('ticket-reply') as HTMLTextAreaElement).value).toBe('');
  });

  function attach(file: File): void {
    const input = query('reply-attachment-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: { item: () => file, length: 1 },
      configurable: true,
    });
    input.dispatchEvent(new Event('change'));
  }

  it('sends a reply with an attachment as multipart', async () => {
    await open('customer');

    const textarea = query('ticket-reply') as HTMLTextAreaElement;
    textarea.value = 'Here is the log';
    textarea.dispatchEvent(new Event('input'));
    attach(new File(['boot log'], 'boot.txt', { type: 'text/plain' }));
    await fixture.whenStable();
    expect(query('reply-attachment')?.textContent).toContain('boot.txt (8 B)');

    query('ticket-send')?.click();
    const request = httpMock.expectOne('/api/tickets/3/messages');
    const body = request.request.body as FormData;
    expect(body.get('body')).toBe('Here is the log');
    expect((body.get('attachment') as File).name).toBe('boot.txt');
    request.flush(aTicket({ status: 'customer-reply' }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();

    expect(query('reply-attachment')).toBeNull();
  });

  it('refuses an attachment of the wrong type before sending', async () => {
    await open('customer');

    const textarea = query('ticket-reply') as HTMLTextAreaElement;
    textarea.value = 'See attached';
    textarea.dispatchEvent(new Event('input'));
    attach(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    await fixture.whenStable();

    expect(query('reply-attachment-error')?.textContent).toContain('setup.exe cannot be attached');
    expect((query('ticket-send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('reloads the thread when a notification about this ticket arrives', async () => {
    await open('customer');

    sockets.latest?.serverSends('notification', {
      id: 40,
      kind: 'ticket',
      title: 'Support replied to ticket #3',
      body: 'We are on it.',
      link: '/tickets/3',
      createdAt: '2026-03-01T11:00:00.000Z',
    });
    httpMock
      .expectOne('/api/tickets/3')
      .flush(
        aTicket({ status: 'answered' }, [
          aTicketMessage(),
          aTicketMessage({ id: 13, isFromStaff: true, body: 'We are on it.' }),
        ]),
      );
    await fixture.whenStable();

    expect(query('ticket-message-13')?.textContent).toContain('We are on it.');
    // Other tickets do not reload this one.
    sockets.latest?.serverSends('notification', {
      id: 41,
      kind: 'ticket',
      title: 'Support replied to ticket #33',
      body: '',
      link: '/tickets/33',
      createdAt: '2026-03-01T11:00:00.000Z',
    });
    httpMock.expectNone('/api/tickets/3');
  });
});
