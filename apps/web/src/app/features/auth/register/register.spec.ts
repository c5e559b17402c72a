import { PASSWORD_MIN_LENGTH } from '@hostdeck/contracts';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { aLoginResponse, aUser, anErrorBody } from '../../../../testing/auth-fixtures';
import { authInterceptor } from '../../../core/auth/auth-interceptor';
import { SessionStore } from '../../../core/auth/session-store';
import { provideAppIcons } from '../../../core/icons/app-icons';
import { Register } from './register';

describe('Register', () => {
  let fixture: ComponentFixture<Register>;
  let httpMock: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [Register],
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
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(Register);
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  function byTestId<T extends HTMLElement>(testId: string): T {
    const element = fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as T | null;
    if (!element) throw new Error(`No element with data-testid="${testId}"`);
    return element;
  }

  async function submit(email = 'bob@example.com', password = 'long-enough-pass'): Promise<void> {
    for (const [testId, value] of [
      ['register-email', email],
      ['register-password', password],
    ] as const) {
      const input = byTestId<HTMLInputElement>(testId);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    byTestId<HTMLButtonElement>('register-submit').click();
    await fixture.whenStable();
  }

  it('creates the account, logs in automatically and opens the dashboard', async () => {
    await submit();

    const register = httpMock.expectOne('/api/auth/register');
    expect(register.request.body).toEqual({
      email: 'bob@example.com',
      password: 'long-enough-pass',
    });
    expect(byTestId<HTMLButtonElement>('register-submit').disabled).toBe(true);
    register.flush(
      { user: aUser({ email: 'bob@example.com' }) },
      { status: 201, statusText: 'Created' },
    );

    const login = httpMock.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'bob@example.com', password: 'long-enough-pass' });
    login.flush(aLoginResponse('1', { user: { email: 'bob@example.com' } }));
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).user()?.email).toBe('bob@example.com');
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('says when the email is already registered', async () => {
    await submit();

    httpMock
      .expectOne('/api/auth/register')
      .flush(anErrorBody(409, 'Conflict', 'Email already registered'), {
        status: 409,
        statusText: 'Conflict',
      });
    await fixture.whenStable();

    expect(byTestId('register-error').textContent).toContain('This email is already registered');
    httpMock.expectNone('/api/auth/login');
  });

  it("lists the API's field messages for a 400", async () => {
    await submit('bob@example', 'long-enough-pass');

    httpMock
      .expectOne('/api/auth/register')
      .flush(
        anErrorBody(400, 'Bad Request', [
          'email must be a valid email address',
          'password must be at least 8 characters',
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();

    const items = Array.from(byTestId('register-error').querySelectorAll('li'), (item) =>
      item.textContent?.trim(),
    );
    expect(items).toEqual([
      'Email must be a valid email address',
      'Password must be at least 8 characters',
    ]);
  });

  it('sends the user to log in when the account was created but the automatic login failed', async () => {
    await submit();

    httpMock
      .expectOne('/api/auth/register')
      .flush({ user: aUser() }, { status: 201, statusText: 'Created' });
    httpMock
      .expectOne('/api/auth/login')
      .flush(anErrorBody(429, 'Too Many Requests', 'Too Many Requests'), {
        status: 429,
        statusText: 'Too Many Requests',
      });

    expect(router.navigate).toHaveBeenCalledWith(['/login'], { queryParams: { registered: 1 } });
  });

  it(`requires at least ${PASSWORD_MIN_LENGTH} characters before calling the API`, async () => {
    await submit('bob@example.com', 'x'.repeat(PASSWORD_MIN_LENGTH - 1));

    httpMock.expectNone('/api/auth/register');
    expect(fixture.nativeElement.textContent).toContain(
      `Use at least ${PASSWORD_MIN_LENGTH} characters`,
    );
  });
});
