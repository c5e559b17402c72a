import type { UserRole } from '@hostdeck/contracts';
import { SetMetadata } from '@nestjs/common';

export const ROLES = 'roles';

/** Restricts a route (or controller) to the given roles. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
