import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { aLoginResponse, anErrorBody, storedTokens } from '../../../../testing/auth-fixtures';
import { authInterceptor } from '../../../core/auth/auth-interceptor';
import { SessionStore } from '../../../core/auth/session-store';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { Login } from './login';

describe('Login', () => {
  let fixture: ComponentFixture<Login>;
  let httpMock: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [Login],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(Login);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function byTestId<T extends HTMLElement>(testId: string): T {
    const element = fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as T | null;
    if (!element) throw new Error(`No element with data-testid="${testId}"`);
    return element;
  }

  function query(testId: string): HTMLElement | null {
    return fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  }

  function type(testId: string, value: string): void {
    const input = byTestId<HTMLInputElement>(testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(email = 'alice@example.com', password = 'secret-pass'): Promise<void> {
    type('login-email', email);
    type('login-password', password);
    byTestId<HTMLButtonElement>('login-submit').click();
    await fixture.whenStable();
  }

  it('logs in and goes to the dashboard', async () => {
    await submit(' alice@example.com ');

    const request = httpMock.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ email: 'alice@example.com', password: 'secret-pass' });
    request.flush(aLoginResponse('1'));
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).isLoggedIn()).toBe(true);
    expect(storedTokens()).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('goes back to the returnUrl after login', async () => {
    fixture.componentRef.setInput('returnUrl', '/staff?tab=users');
    await submit();

    httpMock.expectOne('/api/auth/login').flush(aLoginResponse('1'));

    expect(router.navigateByUrl).toHaveBeenCalledWith('/staff?tab=users');
  });

  it('ignores a returnUrl that points to another site', async () => {
    fixture.componentRef.setInput('returnUrl', '//evil.example.com/phish');
    await submit();

    httpMock.expectOne('/api/auth/login').flush(aLoginResponse('1'));

    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('disables submit while the request is pending', async () => {
    await submit();
    const request = httpMock.expectOne('/api/auth/login');

    expect(byTestId<HTMLButtonElement>('login-submit').disabled).toBe(true);
    expect(byTestId('login-submit').textContent).toContain('Logging in');

    request.flush(anErrorBody(401, 'Unauthorized', 'Invalid email or password'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await fixture.whenStable();

    expect(byTestId<HTMLButtonElement>('login-submit').disabled).toBe(false);
  });

  it("shows the server's 401 message", async () => {
    expect(query('login-error')).toBeNull();
    await submit('alice@example.com', 'wrong-password');

    httpMock
      .expectOne('/api/auth/login')
      .flush(anErrorBody(401, 'Unauthorized', 'Invalid email or password'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await fixture.whenStable();

    const error = byTestId('login-error');
    expect(error.textContent?.trim()).toBe('Invalid email or password');
    expect(error.getAttribute('role')).toBe('alert');
    expect(TestBed.inject(SessionStore).isLoggedIn()).toBe(false);
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('says to wait when rate limited', async () => {
    await submit();

    httpMock
      .expectOne('/api/auth/login')
      .flush(anErrorBody(429, 'Too Many Requests', 'ThrottlerException: Too Many Requests'), {
        status: 429,
        statusText: 'Too Many Requests',
      });
    await fixture.whenStable();

    expect(byTestId('login-error').textContent?.trim()).toBe(
      'Too many attempts, try again in a minute',
    );
  });

  it('validates on the client and sends nothing when the form is invalid', async () => {
    await submit('not-an-email', '');

    httpMock.expectNone('/api/auth/login');
    const text = fixture.nativeElement.textContent as string;
    expect(text).toContain('Enter a valid email address');
    expect(text).toContain('Enter your password');
  });
});
