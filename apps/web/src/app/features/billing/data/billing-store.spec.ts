import type { BalanceView, TransactionView } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { aUser, storeTokens } from '../../../../testing/auth-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../../testing/socket-fixtures';
import { SessionStore } from '../../../core/auth/session-store';
import { BillingStore, daysCoveredText, isBalanceLow } from './billing-store';

function aBalance(overrides: Partial<BalanceView> = {}): BalanceView {
  return { balanceMinor: 1_000, dailyBurnMinor: 51, daysCovered: 19, ...overrides };
}

function aTransaction(id: number): TransactionView {
  return {
    id,
    type: 'charge',
    amountMinor: -17,
    balanceAfterMinor: 983,
    description: 'Daily charge for web1',
    serverId: 4,
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}

describe('daysCoveredText', () => {
  it('says how many whole days the balance lasts', () => {
    expect(daysCoveredText(aBalance())).toBe('Covers 19 days');
    expect(daysCoveredText(aBalance({ daysCovered: 1 }))).toBe('Covers 1 day');
  });

  it('asks for a top-up when the next day is not covered', () => {
    expect(daysCoveredText(aBalance({ balanceMinor: 10, daysCovered: 0 }))).toContain(
      'Does not cover the next day',
    );
  });

  it('says nothing is charged when no server is billed', () => {
    expect(daysCoveredText(aBalance({ dailyBurnMinor: 0, daysCovered: null }))).toBe(
      'No servers are being charged',
    );
  });

  it('flags a balance that runs out within three days', () => {
    expect(isBalanceLow(aBalance({ daysCovered: 2 }))).toBe(true);
    expect(isBalanceLow(aBalance({ daysCovered: 3 }))).toBe(false);
    expect(isBalanceLow(aBalance({ daysCovered: null }))).toBe(false);
  });
});

describe('BillingStore', () => {
  let sut: BillingStore;
  let httpMock: HttpTestingController;
  let sockets: FakeSocketFactory;

  beforeEach(() => {
    sockets = new FakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeSocket(sockets),
        BillingStore,
      ],
    });
    sut = TestBed.inject(BillingStore);
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => httpMock.verify());

  it('loads the balance and the first page of the ledger', () => {
    sut.load();
    httpMock.expectOne('/api/billing/balance').flush(aBalance({ daysCovered: 2 }));
    httpMock
      .expectOne('/api/billing/transactions?page=1&pageSize=20')
      .flush({ items: [aTransaction(1)], total: 41, page: 1, pageSize: 20 });
    httpMock.expectOne('/api/billing/checks').flush([]);

    expect(sut.balanceState()).toBe('ready');
    expect(sut.isChecksEmpty()).toBe(true);
    expect(sut.daysText()).toBe('Covers 2 days');
    expect(sut.isLow()).toBe(true);
    expect(sut.transactions()).toHaveLength(1);
    expect(sut.total()).toBe(41);
    expect(sut.isLedgerEmpty()).toBe(false);
  });

  it('pages through the ledger', () => {
    sut.loadPage(3);
    httpMock
      .expectOne('/api/billing/transactions?page=3&pageSize=20')
      .flush({ items: [aTransaction(2)], total: 41, page: 3, pageSize: 20 });

    expect(sut.page()).toBe(3);
    expect(sut.transactions()[0]?.id).toBe(2);
  });

  it('shows an empty ledger and errors separately', () => {
    sut.load();
    httpMock
      .expectOne('/api/billing/balance')
      .flush({ statusCode: 503, message: 'Database down' }, { status: 503, statusText: 'Error' });
    httpMock
      .expectOne('/api/billing/transactions?page=1&pageSize=20')
      .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    httpMock
      .expectOne('/api/billing/checks')
      .flush({ statusCode: 503, message: 'Database down' }, { status: 503, statusText: 'Error' });

    expect(sut.checksState()).toBe('error');
    expect(sut.balanceState()).toBe('error');
    expect(sut.balanceError()).toBe('Database down');
    expect(sut.isLedgerEmpty()).toBe(true);
  });

  it('refreshes balance, ledger and checks in place when a billing notification arrives', () => {
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());
    sut.load();
    httpMock.expectOne('/api/billing/balance').flush(aBalance({ balanceMinor: 0 }));
    httpMock
      .expectOne('/api/billing/transactions?page=1&pageSize=20')
      .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    httpMock.expectOne('/api/billing/checks').flush([]);
    TestBed.tick();
    const socket = sockets.latest;
    socket?.acceptConnection();

    socket?.serverSends('notification', {
      id: 1,
      kind: 'ticket',
      title: 'Reply',
      body: '',
      link: '/tickets/1',
      createdAt: '2026-03-01T00:00:00.000Z',
    });
    httpMock.expectNone('/api/billing/balance');

    socket?.serverSends('notification', {
      id: 2,
      kind: 'billing',
      title: 'Payment approved',
      body: '',
      link: '/billing',
      createdAt: '2026-03-01T00:00:00.000Z',
    });
    // Quiet: the figures on screen stay until the new ones arrive.
    expect(sut.balanceState()).toBe('ready');
    httpMock.expectOne('/api/billing/balance').flush(aBalance({ balanceMinor: 2_500 }));
    httpMock
      .expectOne('/api/billing/transactions?page=1&pageSize=20')
      .flush({ items: [aTransaction(3)], total: 1, page: 1, pageSize: 20 });
    httpMock.expectOne('/api/billing/checks').flush([]);

    expect(sut.balance()?.balanceMinor).toBe(2_500);
    expect(sut.transactions()).toHaveLength(1);
  });
});
