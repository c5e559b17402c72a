/** The API's global prefix; the web app calls it relatively. */
export const API_PREFIX = 'api';

export const API_ROUTES = {
  register: '/api/auth/register',
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  changePassword: '/api/auth/password',
  health: '/api/health',
  tariffs: '/api/tariffs',
  operatingSystems: '/api/os',
  adminUsers: '/api/admin/users',
} as const;
