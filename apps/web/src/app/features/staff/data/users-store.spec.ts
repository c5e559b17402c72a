import type { UserView } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { aUser } from '../../../../testing/auth-fixtures';
import { SessionStore } from '../../../core/auth/session-store';
import { Toast } from '../../../core/errors/toast';
import { UsersStore } from './users-store';

const page = (items: UserView[], total = items.length) => ({ items, total, page: 1, pageSize: 25 });

describe('UsersStore', () => {
  let sut: UsersStore;
  let httpMock: HttpTestingController;
  let toast: { showInfo: jest.Mock; showError: jest.Mock };

  function setUp(role: 'admin' | 'support'): void {
    toast = { showInfo: jest.fn(), showError: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        UsersStore,
        { provide: Toast, useValue: toast },
      ],
    });
    TestBed.inject(SessionStore).updateUser(aUser({ id: 1, role, email: `${role}@example.com` }));
    sut = TestBed.inject(UsersStore);
    httpMock = TestBed.inject(HttpTestingController);
  }

  afterEach(() => httpMock.verify());

  it('searches by email and filters by role, from the first page', () => {
    setUp('support');
    sut.load(1);
    httpMock.expectOne('/api/admin/users?page=1&pageSize=25').flush(page([aUser()], 60));
    expect(sut.list.total()).toBe(60);
    expect(sut.isAdmin()).toBe(false);

    sut.setSearch('  alice ');
    httpMock.expectOne('/api/admin/users?page=1&pageSize=25&search=alice').flush(page([aUser()]));
    sut.setRole('support');
    httpMock
      .expectOne('/api/admin/users?page=1&pageSize=25&search=alice&role=support')
      .flush(page([]));
    expect(sut.list.isEmpty()).toBe(true);
  });

  it('changes a role and shows the updated row', async () => {
    setUp('admin');
    expect(sut.isAdmin()).toBe(true);
    sut.load(1);
    httpMock.expectOne('/api/admin/users?page=1&pageSize=25').flush(page([aUser({ id: 7 })]));

    const changing = sut.changeRole(aUser({ id: 7 }), 'support');
    const request = httpMock.expectOne('/api/admin/users/7/role');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ role: 'support' });
    request.flush(aUser({ id: 7, role: 'support' }));

    expect(await changing).toEqual({ ok: true });
    expect(sut.list.items()[0]?.role).toBe('support');
    expect(toast.showInfo).toHaveBeenCalledWith('alice@example.com is now support.');
  });

  it('does not call the API for an unchanged role, and toasts a refused change', async () => {
    setUp('admin');
    expect(await sut.changeRole(aUser({ role: 'customer' }), 'customer')).toEqual({ ok: true });

    const changing = sut.changeRole(aUser({ id: 9 }), 'admin');
    httpMock
      .expectOne('/api/admin/users/9/role')
      .flush({ statusCode: 404, error: 'Not Found', message: 'User 9 not found' }, { status: 404, statusText: 'Not Found' });
    expect(await changing).toEqual({ ok: false, messages: ['User 9 not found'] });
    expect(toast.showError).toHaveBeenCalledWith('User 9 not found');
  });

  it("adjusts a balance; the API's field messages go back to the form, not a toast", async () => {
    setUp('admin');
    sut.load(1);
    httpMock.expectOne('/api/admin/users?page=1&pageSize=25').flush(page([aUser({ id: 7 })]));

    const overdraw = sut.adjustBalance(aUser({ id: 7 }), -999_999, 'Oops');
    httpMock.expectOne('/api/admin/users/7/balance').flush(
      { statusCode: 402, error: 'Payment Required', message: 'The balance cannot go below zero' },
      { status: 402, statusText: 'Payment Required' },
    );
    expect(await overdraw).toEqual({ ok: false, messages: ['The balance cannot go below zero'] });
    expect(toast.showError).not.toHaveBeenCalled();

    const credit = sut.adjustBalance(aUser({ id: 7 }), 1500, '  Bank transfer ');
    const request = httpMock.expectOne('/api/admin/users/7/balance');
    expect(request.request.body).toEqual({ amountMinor: 1500, reason: 'Bank transfer' });
    request.flush({ user: aUser({ id: 7, balanceMinor: 13_845 }), transactionId: 3 });

    expect(await credit).toEqual({ ok: true });
    expect(sut.list.items()[0]?.balanceMinor).toBe(13_845);
  });
});
