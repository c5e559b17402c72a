import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import {
  aLoginResponse,
  anErrorBody,
  storedTokens,
  storeTokens,
} from '../../../testing/auth-fixtures';
import { authInterceptor } from '../../core/auth/auth-interceptor';
import { SessionStore } from '../../core/auth/session-store';
import { Toast } from '../../core/errors/toast';
import { provideAppIcons } from '../../core/icons/app-icons';
import { Account } from './account';

describe('Account', () => {
  let fixture: ComponentFixture<Account>;
  let httpMock: HttpTestingController;
  let showInfo: jest.SpyInstance;

  beforeEach(async () => {
    localStorage.clear();
    storeTokens('1');
    TestBed.configureTestingModule({
      imports: [Account],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    TestBed.inject(SessionStore).updateUser(aLoginResponse('1').user);
    showInfo = jest.spyOn(TestBed.inject(Toast), 'showInfo').mockImplementation(() => undefined);
    fixture = TestBed.createComponent(Account);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  const query = (testId: string) =>
    fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

  function type(testId: string, value: string): void {
    const input = query(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function fill(current: string, next: string, repeat = next): Promise<void> {
    type('password-current', current);
    type('password-new', next);
    type('password-repeat', repeat);
    (query('password-submit') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  it('shows who is signed in', () => {
    expect(query('account-email')?.textContent).toContain('alice@example.com');
  });

  it('sends nothing while the repeat differs or the new password is too short', async () => {
    await fill('old-password-1', 'new-password-1', 'new-password-2');
    expect(query('password-mismatch')?.textContent).toContain('differ');
    await fill('old-password-1', 'short');
    expect(fixture.nativeElement.textContent).toContain('Use at least');
    httpMock.expectNone('/api/auth/password');
  });

  it('changes the password and carries on with the new session', async () => {
    await fill('old-password-1', 'new-password-1');
    const request = httpMock.expectOne('/api/auth/password');
    expect(request.request.body).toEqual({
      currentPassword: 'old-password-1',
      newPassword: 'new-password-1',
    });
    request.flush(aLoginResponse('2'));
    await fixture.whenStable();
    expect(storedTokens()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(showInfo).toHaveBeenCalledWith('Password changed. Every other session was signed out.');
    expect((query('password-current') as HTMLInputElement).value).toBe('');
  });

  it('says why the API refused, and keeps the session', async () => {
    await fill('wrong-password', 'new-password-1');
    httpMock
      .expectOne('/api/auth/password')
      .flush(anErrorBody(400, 'Bad Request', 'The current password is incorrect'), {
        status: 400,
        statusText: 'Bad Request',
      });
    await fixture.whenStable();
    expect(query('password-error')?.textContent).toContain('The current password is incorrect');
    expect(storedTokens()).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(showInfo).not.toHaveBeenCalled();
  });
});
