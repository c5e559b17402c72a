import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { provideFakeSocket } from '../../../../testing/socket-fixtures';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { BillingPage } from './billing-page';

describe('BillingPage', () => {
  let fixture: ComponentFixture<BillingPage>;
  let httpMock: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [BillingPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideAppIcons(),
        provideFakeSocket(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BillingPage);
  });

  afterEach(() => httpMock.verify());

  function query(testId: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
  }

  it('shows the balance, the burn rate, the days covered and the ledger', async () => {
    httpMock
      .expectOne('/api/billing/balance')
      .flush({ balanceMinor: 1_000, dailyBurnMinor: 51, daysCovered: 19 });
    httpMock.expectOne('/api/billing/checks').flush([
      {
        id: 3,
        userId: 7,
        amountMinor: 2_500,
        status: 'rejected',
        fileName: 'receipt.pdf',
        fileMime: 'application/pdf',
        fileSize: 2048,
        rejectReason: 'Unreadable',
        reviewedAt: '2026-03-02T00:00:00.000Z',
        createdAt: '2026-03-01T00:00:00.000Z',
      },
    ]);
    httpMock.expectOne('/api/billing/transactions?page=1&pageSize=20').flush({
      items: [
        {
          id: 8,
          type: 'topup',
          amountMinor: 1_500,
          balanceAfterMinor: 1_500,
          description: 'Bank transfer',
          serverId: null,
          createdAt: '2026-03-01T00:00:00.000Z',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    await fixture.whenStable();

    expect(query('billing-balance')?.textContent).toContain('$10.00');
    expect(query('billing-daily-burn')?.textContent).toContain('$0.51/day');
    expect(query('billing-days-covered')?.textContent).toContain('Covers 19 days');
    expect(query('transaction-8')?.textContent).toContain('+$15.00');
    expect(query('transaction-8')?.textContent).toContain('Top-up');
    expect(query('check-upload')).not.toBeNull();
    expect(query('check-status-3')?.textContent).toContain('Rejected');
    expect(query('check-reason-3')?.textContent).toContain('Unreadable');
  });

  it('shows an empty ledger and a balance error', async () => {
    httpMock
      .expectOne('/api/billing/balance')
      .flush({ statusCode: 503, message: 'Database down' }, { status: 503, statusText: 'Error' });
    httpMock
      .expectOne('/api/billing/transactions?page=1&pageSize=20')
      .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    httpMock.expectOne('/api/billing/checks').flush([]);
    await fixture.whenStable();

    expect(query('billing-balance-error')?.textContent).toContain('Database down');
    expect(query('billing-ledger-empty')).not.toBeNull();
    expect(query('checks-empty')).not.toBeNull();
  });
});
