import type { AuthService } from '../auth/auth-service';
import type { Route } from '../http/route';

export function accessRoutes(auth: AuthService): Route[] {
  return [
    {
      method: 'POST',
      template: '/access/ticket',
      handler: ({ params }) => auth.login(params['username'], params['password'], params['realm']),
    },
  ];
}
