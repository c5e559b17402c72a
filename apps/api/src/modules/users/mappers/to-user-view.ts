import type { UserView } from '@hostdeck/contracts';

import type { User } from '../entities/user.entity';

/** The public view of a user: never the password hash. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    balanceMinor: user.balanceMinor,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
  };
}
