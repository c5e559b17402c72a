import type { UserRole } from '@hostdeck/contracts';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller, as read from a verified access token. */
export interface AuthUser {
  id: number;
  email: string;
  role: UserRole;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
