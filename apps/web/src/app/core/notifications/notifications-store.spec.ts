import type { NotificationView } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { aUser, storeTokens } from '../../../testing/auth-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../testing/socket-fixtures';
import { SessionStore } from '../auth/session-store';
import { Toast } from '../errors/toast';
import { NotificationsStore } from './notifications-store';

function aNotification(overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id: 1,
    kind: 'ticket',
    title: 'New reply on ticket #3',
    body: 'Support answered your ticket.',
    link: '/tickets/3',
    isRead: false,
    readAt: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('NotificationsStore', () => {
  let sut: NotificationsStore;
  let httpMock: HttpTestingController;
  let sockets: FakeSocketFactory;
  let toast: { showError: jest.Mock; showInfo: jest.Mock };
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    sockets = new FakeSocketFactory();
    toast = { showError: jest.fn(), showInfo: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideFakeSocket(sockets),
        { provide: Toast, useValue: toast },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());
    sut = TestBed.inject(NotificationsStore);
    TestBed.tick();
  });

  afterEach(() => httpMock.verify());

  function flushCount(unreadCount: number): void {
    httpMock.expectOne('/api/notifications/unread-count').flush({ unreadCount });
  }

  it('loads the unread count when a user is signed in', () => {
    flushCount(3);

    expect(sut.unreadCount()).toBe(3);
    expect(sut.badge()).toBe('3');
  });

  it('caps the badge at 99+', () => {
    flushCount(250);

    expect(sut.badge()).toBe('99+');
  });

  it('prepends a notification from the socket, bumps the count and shows a toast', () => {
    flushCount(1);
    sut.load();
    httpMock
      .expectOne('/api/notifications?pageSize=10')
      .flush({ items: [aNotification()], total: 1, page: 1, pageSize: 10, unreadCount: 1 });

    sockets.latest?.serverSends('notification', {
      id: 9,
      kind: 'billing',
      title: 'Balance credited',
      body: '$10.00 was added.',
      link: '/billing',
      createdAt: '2026-03-02T10:00:00.000Z',
    });

    expect(sut.items().map((item) => item.id)).toEqual([9, 1]);
    expect(sut.items()[0]).toMatchObject({ kind: 'billing', isRead: false, readAt: null });
    expect(sut.unreadCount()).toBe(2);
    expect(toast.showInfo).toHaveBeenCalledWith('Balance credited');

    // The same event twice (e.g. after a reconnect) is counted once.
    sockets.latest?.serverSends('notification', {
      id: 9,
      kind: 'billing',
      title: 'Balance credited',
      body: '',
      link: null,
      createdAt: '2026-03-02T10:00:00.000Z',
    });
    expect(sut.unreadCount()).toBe(2);
  });

  it('marks one read and follows its link', () => {
    flushCount(1);
    sut.load();
    httpMock
      .expectOne('/api/notifications?pageSize=10')
      .flush({ items: [aNotification()], total: 1, page: 1, pageSize: 10, unreadCount: 1 });

    sut.open(sut.items()[0] as NotificationView);
    const request = httpMock.expectOne('/api/notifications/1/read');
    expect(request.request.method).toBe('POST');
    request.flush(aNotification({ isRead: true, readAt: '2026-03-02T10:00:00.000Z' }));

    expect(sut.unreadCount()).toBe(0);
    expect(sut.items()[0]?.isRead).toBe(true);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/tickets/3');
  });

  it('marks all read', () => {
    flushCount(2);
    sut.load();
    httpMock.expectOne('/api/notifications?pageSize=10').flush({
      items: [aNotification({ id: 2 }), aNotification({ id: 1 })],
      total: 2,
      page: 1,
      pageSize: 10,
      unreadCount: 2,
    });

    sut.markAllRead();
    httpMock.expectOne('/api/notifications/read-all').flush({ updated: 2, unreadCount: 0 });

    expect(sut.unreadCount()).toBe(0);
    expect(sut.items().every((item) => item.isRead)).toBe(true);
  });

  it('shows an error state when the list cannot be loaded', () => {
    flushCount(0);
    sut.load();
    httpMock
      .expectOne('/api/notifications?pageSize=10')
      .flush({ statusCode: 503, message: 'Database down' }, { status: 503, statusText: 'Error' });

    expect(sut.loadState()).toBe('error');
    expect(sut.loadError()).toBe('Database down');
  });

  it('forgets everything on logout', () => {
    flushCount(4);

    TestBed.inject(SessionStore).clear();
    TestBed.tick();

    expect(sut.unreadCount()).toBe(0);
    expect(sut.items()).toEqual([]);
  });
});
