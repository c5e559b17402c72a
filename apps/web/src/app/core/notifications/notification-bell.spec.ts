import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { aUser, storeTokens } from '../../../testing/auth-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../testing/socket-fixtures';
import { SessionStore } from '../auth/session-store';
import { provideAppIcons } from '../icons/app-icons';
import { NotificationBell } from './notification-bell';

describe('NotificationBell', () => {
  let fixture: ComponentFixture<NotificationBell>;
  let httpMock: HttpTestingController;
  let sockets: FakeSocketFactory;

  beforeEach(async () => {
    localStorage.clear();
    sockets = new FakeSocketFactory();
    TestBed.configureTestingModule({
      imports: [NotificationBell],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        provideFakeSocket(sockets),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());
    fixture = TestBed.createComponent(NotificationBell);
    await fixture.whenStable();
    httpMock.expectOne('/api/notifications/unread-count').flush({ unreadCount: 2 });
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function byTestId(testId: string): HTMLElement | null {
    return document.querySelector(`[data-testid="${testId}"]`);
  }

  it('shows the unread count and bumps it when a notification arrives', async () => {
    expect(byTestId('notifications-count')?.textContent?.trim()).toBe('2');

    sockets.latest?.serverSends('notification', {
      id: 5,
      kind: 'ticket',
      title: 'New reply',
      body: 'Support answered.',
      link: '/tickets/3',
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    await fixture.whenStable();

    expect(byTestId('notifications-count')?.textContent?.trim()).toBe('3');
  });

  it('lists the latest in the menu and marks one read on click', async () => {
    byTestId('notifications-button')?.click();
    await fixture.whenStable();
    httpMock.expectOne('/api/notifications?pageSize=10').flush({
      items: [
        {
          id: 5,
          kind: 'ticket',
          title: 'New reply',
          body: 'Support answered.',
          link: '/tickets/3',
          isRead: false,
          readAt: null,
          createdAt: '2026-03-01T10:00:00.000Z',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 10,
      unreadCount: 1,
    });
    await fixture.whenStable();

    const item = byTestId('notification-5');
    expect(item?.textContent).toContain('New reply');
    item?.click();
    httpMock.expectOne('/api/notifications/5/read').flush({});
    await fixture.whenStable();

    expect(byTestId('notifications-count')).toBeNull();
    expect(TestBed.inject(Router).navigateByUrl).toHaveBeenCalledWith('/tickets/3');
  });
});
