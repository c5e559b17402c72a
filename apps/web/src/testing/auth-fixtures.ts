import type { ApiErrorBody, LoginResponse, UserRole, UserView } from '@hostdeck/contracts';

import { TokenStorage } from '../app/core/auth/token-storage';

export function aUser(overrides: Partial<UserView> = {}): UserView {
  return {
    id: 7,
    email: 'alice@example.com',
    role: 'customer',
    balanceMinor: 12_345,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: null,
    ...overrides,
  };
}

export function aLoginResponse(
  suffix = '1',
  overrides: { role?: UserRole; user?: Partial<UserView> } = {},
): LoginResponse {
  return {
    accessToken: `access-${suffix}`,
    refreshToken: `refresh-${suffix}`,
    expiresIn: 900,
    user: aUser({ role: overrides.role ?? 'customer', ...overrides.user }),
  };
}

export function anErrorBody(
  statusCode: number,
  error: string,
  message: string | string[],
): ApiErrorBody {
  return { statusCode, error, message };
}

export function storeTokens(suffix = '1'): void {
  localStorage.setItem(
    TokenStorage.key,
    JSON.stringify({ accessToken: `access-${suffix}`, refreshToken: `refresh-${suffix}` }),
  );
}

export function storedTokens(): unknown {
  const raw = localStorage.getItem(TokenStorage.key);
  return raw === null ? null : JSON.parse(raw);
}
