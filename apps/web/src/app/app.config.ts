import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  DEFAULT_CURRENCY_CODE,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideAnimationsAsync } from '@angular/platform-browser/animations/async';
import {
  provideRouter,
  withComponentInputBinding,
  withInMemoryScrolling,
  withRouterConfig,
} from '@angular/router';

import { appRoutes } from './app.routes';
import { authInterceptor } from './core/auth/auth-interceptor';
import { SessionStore } from './core/auth/session-store';
import { provideAppIcons } from './core/icons/app-icons';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
      withRouterConfig({ paramsInheritanceStrategy: 'always' }),
    ),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideAnimationsAsync(),
    provideAppIcons(),
    // Balances and prices are integer minor units of this currency (see MoneyPipe).
    { provide: DEFAULT_CURRENCY_CODE, useValue: 'USD' },
    // Reload the user behind stored tokens before the first navigation.
    provideAppInitializer(() => inject(SessionStore).restore()),
  ],
};
