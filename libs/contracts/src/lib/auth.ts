/** Roles, from least to most privileged. Staff means support or admin. */
export const USER_ROLES = ['customer', 'support', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const STAFF_ROLES: readonly UserRole[] = ['support', 'admin'];

export function isStaffRole(role: UserRole): boolean {
  return STAFF_ROLES.includes(role);
}

/** Password policy shared by the API validation and the web forms. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export interface UserView {
  id: number;
  email: string;
  role: UserRole;
  /** Prepaid balance in minor units (cents). */
  balanceMinor: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface RegisterRequest {
  email: string;
  password: string;
}

export interface RegisterResponse {
  user: UserView;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** POST /api/auth/password: the answer is a new session; every other session is signed out. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface LogoutRequest {
  /** The refresh token to revoke; without it every session of the user is revoked. */
  refreshToken?: string;
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface LoginResponse extends AuthTokens {
  user: UserView;
}

/** Claims carried by an access token. */
export interface AccessTokenClaims {
  sub: number;
  email: string;
  role: UserRole;
}
