import type { CheckView, StaffCheckView } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { Toast } from '../../../core/errors/toast';
import { ChecksReviewStore } from './checks-review-store';

function aCheck(id: number, overrides: Partial<StaffCheckView> = {}): StaffCheckView {
  return {
    id,
    userId: 7,
    userEmail: 'payer@example.com',
    amountMinor: 2500,
    status: 'pending',
    fileName: `receipt-${id}.png`,
    fileMime: 'image/png',
    fileSize: 1000,
    rejectReason: null,
    reviewedAt: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

const page = (items: StaffCheckView[], total = items.length) => ({ items, total, page: 1, pageSize: 25 });

describe('ChecksReviewStore', () => {
  let sut: ChecksReviewStore;
  let httpMock: HttpTestingController;
  let toast: { showInfo: jest.Mock; showError: jest.Mock };

  beforeEach(() => {
    toast = { showInfo: jest.fn(), showError: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        ChecksReviewStore,
        { provide: Toast, useValue: toast },
      ],
    });
    sut = TestBed.inject(ChecksReviewStore);
    httpMock = TestBed.inject(HttpTestingController);
    URL.createObjectURL = jest.fn(() => 'blob:receipt');
    URL.revokeObjectURL = jest.fn();
  });

  afterEach(() => httpMock.verify());

  it('lists pending checks first, and all of them on demand', () => {
    sut.load(1);
    httpMock
      .expectOne('/api/admin/checks?status=pending&page=1&pageSize=25')
      .flush(page([aCheck(1), aCheck(2)]));
    expect(sut.list.items().map((check) => check.id)).toEqual([1, 2]);
    expect(sut.list.state()).toBe('ready');

    sut.setFilter('all');
    httpMock.expectOne('/api/admin/checks?page=1&pageSize=25').flush(page([]));
    expect(sut.list.isEmpty()).toBe(true);
  });

  it('shows a load error', () => {
    sut.load(1);
    httpMock
      .expectOne('/api/admin/checks?status=pending&page=1&pageSize=25')
      .flush({ statusCode: 403, error: 'Forbidden', message: 'Staff only' }, { status: 403, statusText: 'Forbidden' });
    expect(sut.list.state()).toBe('error');
    expect(sut.list.error()).toBe('Staff only');
  });

  it('approves a check: it leaves the pending list, and the toast says so', async () => {
    sut.load(1);
    httpMock
      .expectOne('/api/admin/checks?status=pending&page=1&pageSize=25')
      .flush(page([aCheck(1), aCheck(2)]));

    const approving = sut.approve(aCheck(1));
    expect(sut.isBusy()(1)).toBe(true);
    const request = httpMock.expectOne('/api/admin/checks/1/approve');
    expect(request.request.body).toEqual({});
    request.flush(aCheck(1, { status: 'approved', reviewedAt: '2026-03-02T00:00:00.000Z' }));

    expect(await approving).toBe(true);
    expect(sut.list.items().map((check) => check.id)).toEqual([2]);
    expect(sut.list.total()).toBe(1);
    expect(sut.isBusy()(1)).toBe(false);
    expect(toast.showInfo).toHaveBeenCalledWith('Check approved; the balance was credited.');
  });

  it('rejects with a trimmed reason and keeps the row when all checks are shown', async () => {
    sut.setFilter('all');
    httpMock.expectOne('/api/admin/checks?page=1&pageSize=25').flush(page([aCheck(3)]));

    const rejecting = sut.reject(aCheck(3), '  Unreadable  ');
    const request = httpMock.expectOne('/api/admin/checks/3/reject');
    expect(request.request.body).toEqual({ reason: 'Unreadable' });
    request.flush(aCheck(3, { status: 'rejected', rejectReason: 'Unreadable' }));

    expect(await rejecting).toBe(true);
    expect(sut.list.items()[0]?.status).toBe('rejected');
  });

  it('approves a corrected amount and keeps the customer email on the row', async () => {
    sut.setFilter('all');
    httpMock.expectOne('/api/admin/checks?page=1&pageSize=25').flush(page([aCheck(8)]));

    const approving = sut.approve(aCheck(8), 2000);
    const request = httpMock.expectOne('/api/admin/checks/8/approve');
    expect(request.request.body).toEqual({ amountMinor: 2000 });
    // The API answers with a plain check (no email).
    const { userEmail: _omitted, ...plain } = aCheck(8, { status: 'approved', amountMinor: 2000 });
    request.flush(plain satisfies CheckView);

    expect(await approving).toBe(true);
    expect(sut.list.items()[0]).toMatchObject({
      status: 'approved',
      amountMinor: 2000,
      userEmail: 'payer@example.com',
    });
  });

  it('reloads and toasts when someone else reviewed it first', async () => {
    sut.load(1);
    httpMock
      .expectOne('/api/admin/checks?status=pending&page=1&pageSize=25')
      .flush(page([aCheck(4)]));

    const approving = sut.approve(aCheck(4));
    httpMock
      .expectOne('/api/admin/checks/4/approve')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'Check 4 was already approved' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(await approving).toBe(false);
    expect(toast.showError).toHaveBeenCalledWith('Check 4 was already approved');
    httpMock
      .expectOne('/api/admin/checks?status=pending&page=1&pageSize=25')
      .flush(page([]));
    expect(sut.list.isEmpty()).toBe(true);
  });

  it('fetches the receipt with the API client for the preview, and frees it on close', () => {
    sut.openPreview(aCheck(5));
    expect(sut.preview()?.state).toBe('loading');
    const request = httpMock.expectOne('/api/admin/checks/5/file');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['png'], { type: 'image/png' }));

    expect(sut.preview()).toMatchObject({ checkId: 5, state: 'ready', url: 'blob:receipt', mime: 'image/png' });
    sut.closePreview();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:receipt');
    expect(sut.preview()).toBeNull();
  });

  it('shows why a receipt could not be loaded', () => {
    sut.openPreview(aCheck(6));
    httpMock
      .expectOne('/api/admin/checks/6/file')
      .flush(new Blob(['{}']), { status: 404, statusText: 'Not Found' });
    expect(sut.preview()?.state).toBe('error');
    expect(sut.preview()?.error).toBe('The receipt could not be loaded.');
  });
});
