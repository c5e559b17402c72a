import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aUser, anErrorBody, storeTokens } from '../../../../testing/auth-fixtures';
import { aServer, anOperation } from '../../../../testing/server-fixtures';
import { SessionStore } from '../../../core/auth/session-store';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { ServerList } from './server-list';

describe('ServerList', () => {
  let fixture: ComponentFixture<ServerList>;
  let httpMock: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ServerList],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());
  });

  afterEach(() => httpMock.verify());

  async function open(balanceMinor: number, servers: object, status = 200): Promise<void> {
    fixture = TestBed.createComponent(ServerList);
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ balanceMinor }) });
    httpMock
      .expectOne('/api/server')
      .flush(servers, { status, statusText: status === 200 ? 'OK' : 'Error' });
    await fixture.whenStable();
  }

  function query(testId: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
  }

  it('invites to create a first server', async () => {
    await open(2_000, []);

    expect(query('servers-empty')?.textContent).toContain('No servers yet');
    expect(query('empty-create-server')?.getAttribute('href')).toBe('/servers/new');
    expect(query('dashboard-days')?.textContent).toContain('No servers are being charged');
  });

  it('shows each server and how many days the balance covers', async () => {
    await open(1_000, [
      aServer({ id: 4, hostname: 'web1', priceMonthlyMinor: 500 }), // 17 per day
      aServer({ id: 5, hostname: 'db1', status: 'stopped', priceMonthlyMinor: 1_000 }), // 34
    ]);

    const card = query('server-card-4');
    expect(card?.getAttribute('href')).toBe('/servers/4');
    expect(card?.textContent).toContain('web1');
    expect(card?.textContent).toContain('10.10.0.14');
    expect(card?.textContent).toContain('Start');
    expect(card?.textContent).toContain('Debian 12');
    expect(card?.textContent).toContain('1 core · 1 GB RAM · 10 GB disk');
    expect(card?.textContent).toContain('CPU');
    expect(card?.textContent).toContain('13 %'); // 12.5 % rounded
    expect(card?.textContent).toContain('25 %'); // 256 MB of 1 GB
    expect(card?.querySelector('[data-testid="server-status"]')?.textContent).toContain('Running');
    expect(
      query('server-card-5')?.querySelector('[data-testid="server-status"]')?.textContent,
    ).toContain('Stopped');
    // 1000 / (17 + 34) = 19.6 → 19 whole days.
    expect(query('dashboard-balance')?.textContent).toContain('$10.00');
    expect(query('dashboard-days')?.textContent).toContain('Covers 19 days at $0.51/day');
  });

  it('shows the progress of a server that is being created', async () => {
    await open(1_000, [
      aServer({ status: 'creating', ipAddress: null, activeOperation: anOperation('create') }),
    ]);

    expect(query('server-card-4')?.textContent).toContain('Creating the server…');
    expect(query('server-card-4')?.textContent).toContain('No IP address yet');
  });

  it('says when the balance does not cover the next day', async () => {
    await open(10, [aServer({ priceMonthlyMinor: 500 })]);

    expect(query('dashboard-days')?.textContent).toContain('Does not cover the next day');
  });

  it('shows an error with a retry when the list cannot be loaded', async () => {
    await open(0, anErrorBody(503, 'Service Unavailable', 'Database down'), 503);

    expect(query('servers-error')?.textContent).toContain('Database down');
  });
});
