import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aUser, anErrorBody, storeTokens } from '../../../../testing/auth-fixtures';
import { aServer, aTariff, anOperation, anOs } from '../../../../testing/server-fixtures';
import { authInterceptor } from '../../../core/auth/auth-interceptor';
import { SessionStore } from '../../../core/auth/session-store';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { ServerStore } from '../data/server-store';
import { CreateServer } from './create-server';

const START = aTariff({ id: 1, name: 'Start', priceMonthlyMinor: 500 }); // 17 per day
const PRO = aTariff({ id: 2, name: 'Pro', priceMonthlyMinor: 3_000, cores: 4 }); // 100 per day
const DEBIAN = anOs({ id: 2, name: 'Debian 12' });
const UBUNTU = anOs({ id: 3, name: 'Ubuntu 24.04' });

describe('CreateServer', () => {
  let fixture: ComponentFixture<CreateServer>;
  let httpMock: HttpTestingController;
  let session: SessionStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [CreateServer],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
  });

  afterEach(() => {
    httpMock.verify();
    jest.useRealTimers();
  });

  /** Opens the page for a user with this balance and answers the catalog requests. */
  async function open(balanceMinor: number): Promise<void> {
    storeTokens('1');
    session.updateUser(aUser({ balanceMinor }));
    fixture = TestBed.createComponent(CreateServer);
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ balanceMinor }) });
    httpMock.expectOne('/api/tariffs').flush([START, PRO, aTariff({ id: 9, isActive: false })]);
    httpMock.expectOne('/api/os').flush([DEBIAN, UBUNTU]);
    await fixture.whenStable();
  }

  function byTestId<T extends HTMLElement = HTMLElement>(testId: string): T {
    const element = query<T>(testId);
    if (!element) throw new Error(`No element with data-testid="${testId}"`);
    return element;
  }

  function query<T extends HTMLElement = HTMLElement>(testId: string): T | null {
    return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  }

  async function choose(testId: string): Promise<void> {
    byTestId(testId).querySelector('input')?.click();
    await fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    byTestId<HTMLButtonElement>('create-submit').click();
    await fixture.whenStable();
  }

  it('shows the active tariffs with their monthly and daily prices', async () => {
    await open(1_000);

    expect(query('tariff-card-9')).toBeNull();
    expect(byTestId('tariff-card-1').textContent).toContain('$5.00');
    expect(byTestId('tariff-card-1').textContent).toContain('$0.17 charged per day');
    expect(byTestId('tariff-card-2').textContent).toContain('$1.00 charged per day');
    expect(byTestId('os-option-3').textContent).toContain('Ubuntu 24.04');
    // The cheapest affordable tariff and the first OS are chosen.
    expect(byTestId<HTMLInputElement>('tariff-card-1').querySelector('input')?.checked).toBe(true);
    expect(byTestId('summary-daily').textContent).toContain('$0.17');
    expect(byTestId('balance-ok').textContent).toContain('covers the first day');
  });

  it('blocks a tariff whose first day the balance cannot pay', async () => {
    await open(50);

    await choose('tariff-card-2');

    expect(byTestId('summary-daily').textContent).toContain('$1.00');
    expect(byTestId('balance-insufficient').textContent).toContain(
      'does not cover the first day ($1.00)',
    );
    expect(byTestId<HTMLButtonElement>('create-submit').disabled).toBe(true);
    await submit();
    httpMock.expectNone('/api/server/create');

    // The cheaper plan fits.
    await choose('tariff-card-1');
    expect(query('balance-insufficient')).toBeNull();
    expect(byTestId<HTMLButtonElement>('create-submit').disabled).toBe(false);
  });

  it('shows the 402 message when the API says the balance is too low, and reloads it', async () => {
    await open(1_000);

    await submit();
    httpMock
      .expectOne('/api/server/create')
      .flush(
        anErrorBody(402, 'Payment Required', 'Insufficient balance: the first day costs $0.17'),
        { status: 402, statusText: 'Payment Required' },
      );
    await fixture.whenStable();

    expect(byTestId('create-error').textContent).toContain(
      'Insufficient balance: the first day costs $0.17',
    );
    expect(byTestId('create-error').querySelector('a')?.textContent).toContain('Top up');
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ balanceMinor: 3 }) });
    await fixture.whenStable();
    expect(byTestId('balance-insufficient')).not.toBeNull();
  });

  it("lists the API's field messages for a 400", async () => {
    await open(1_000);

    await submit();
    httpMock
      .expectOne('/api/server/create')
      .flush(
        anErrorBody(400, 'Bad Request', [
          'hostname must be 1-63 letters, digits or inner hyphens (RFC 1123)',
          'each sshPublicKeys entry must be one OpenSSH public key line',
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();

    const items = Array.from(byTestId('create-error').querySelectorAll('li'), (item) =>
      item.textContent?.trim(),
    );
    expect(items).toEqual([
      'Hostname must be 1-63 letters, digits or inner hyphens (RFC 1123)',
      'Each sshPublicKeys entry must be one OpenSSH public key line',
    ]);
  });

  it('checks the hostname before calling the API', async () => {
    await open(1_000);

    await type('hostname-input', 'bad_name-');
    await submit();

    httpMock.expectNone('/api/server/create');
    expect(byTestId('hostname-error').textContent).toContain('letters, digits or hyphens');
  });

  it('creates the server, follows it until it is running and shows the root password', async () => {
    await open(1_000);
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx0 alice@laptop';
    await choose('os-option-3');
    await type('hostname-input', 'web1');
    await type('ssh-keys-input', `${key}\n`);

    await submit();
    const create = httpMock.expectOne('/api/server/create');
    expect(create.request.body).toEqual({
      tariffId: 1,
      osId: 3,
      hostname: 'web1',
      sshPublicKeys: [key],
    });
    jest.useFakeTimers();
    create.flush(
      {
        server: aServer({
          status: 'creating',
          ipAddress: null,
          activeOperation: anOperation('create'),
        }),
        operation: anOperation('create'),
        rootPassword: 'Xk3-secret-9Lp',
      },
      { status: 202, statusText: 'Accepted' },
    );
    // The first day was charged: the balance is reloaded.
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ balanceMinor: 983 }) });
    fixture.detectChanges();

    expect(byTestId('page-heading').textContent).toContain('Creating web1');
    expect(query('create-progress')).not.toBeNull();
    expect(byTestId('root-password').textContent).toBe('Xk3-secret-9Lp');
    expect(byTestId('create-result').textContent).toContain('will not be shown again');

    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock
      .expectOne('/api/server/4')
      .flush(
        aServer({ status: 'creating', ipAddress: null, activeOperation: anOperation('create') }),
      );
    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer({ status: 'running' }));
    fixture.detectChanges();

    expect(byTestId('page-heading').textContent).toContain('web1 is ready');
    expect(byTestId('create-done').textContent).toContain('10.10.0.14');
    expect(byTestId('root-password').textContent).toBe('Xk3-secret-9Lp');
    jest.advanceTimersByTime(10_000);
    httpMock.expectNone('/api/server/4');
  });
});
