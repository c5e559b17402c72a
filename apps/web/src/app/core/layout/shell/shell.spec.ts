import type { UserRole } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { aUser, storeTokens } from '../../../../testing/auth-fixtures';
import { provideFakeSocket } from '../../../../testing/socket-fixtures';
import { SessionStore } from '../../auth/session-store';
import { provideAppIcons } from '../../icons/app-icons';
import { Shell } from './shell';

describe('Shell', () => {
  let session: SessionStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        provideFakeSocket(),
      ],
    });
    session = TestBed.inject(SessionStore);
  });

  async function render(role: UserRole): Promise<ComponentFixture<Shell>> {
    storeTokens('1');
    session.updateUser(aUser({ role, email: `${role}@example.com` }));
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return fixture;
  }

  function navLabels(root: HTMLElement): string[] {
    return Array.from(root.querySelectorAll('[data-testid^="nav-"]'), (link) =>
      (link.textContent ?? '').trim(),
    ).filter((label) => label !== '');
  }

  it('shows the customer navigation without the staff area', async () => {
    const root = (await render('customer')).nativeElement as HTMLElement;

    expect(navLabels(root)).toEqual(['Servers', 'Billing', 'Tickets']);
    expect(root.querySelector('[data-testid="user-menu"]')?.textContent).toContain(
      'customer@example.com',
    );
  });

  it('adds the staff tools for support, without the admin-only ones', async () => {
    const root = (await render('support')).nativeElement as HTMLElement;

    expect(navLabels(root)).toEqual([
      'Servers',
      'Billing',
      'Tickets',
      'Staff',
      'Ticket queue',
      'Payment checks',
      'Users',
      'All servers',
    ]);
    expect(root.querySelector('[data-testid="nav-staff-heading"]')).toBeNull();
    expect(root.querySelector('[data-testid="staff-nav"]')?.textContent).toContain('Staff tools');
  });

  it('adds every staff tool for admins', async () => {
    const root = (await render('admin')).nativeElement as HTMLElement;

    expect(navLabels(root)).toEqual([
      'Servers',
      'Billing',
      'Tickets',
      'Staff',
      'Ticket queue',
      'Payment checks',
      'Users',
      'All servers',
      'Tariffs',
      'Operating systems',
      'Mail outbox',
      'Audit log',
    ]);
    expect(root.querySelector('[data-testid="nav-audit-log"]')?.getAttribute('href')).toBe(
      '/staff/audit',
    );
  });

  it('shows customers no staff tools', async () => {
    const root = (await render('customer')).nativeElement as HTMLElement;

    expect(root.querySelector('[data-testid="staff-nav"]')).toBeNull();
  });

  it('logs out from the user menu', async () => {
    const fixture = await render('customer');
    const logout = jest.spyOn(session, 'logout').mockImplementation(() => undefined);

    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="user-menu"]')
      ?.click();
    await fixture.whenStable();
    // The menu panel renders in the CDK overlay container, outside the component.
    const item = document.querySelector<HTMLButtonElement>('[data-testid="logout"]');
    expect(item).not.toBeNull();
    item?.click();

    expect(logout).toHaveBeenCalledTimes(1);
    const httpMock = TestBed.inject(HttpTestingController);
    // The bell loads its count in the background.
    httpMock.expectOne('/api/notifications/unread-count').flush({ unreadCount: 0 });
    httpMock.verify();
  });
});
