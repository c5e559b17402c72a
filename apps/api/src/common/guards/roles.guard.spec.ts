import type { UserRole } from '@hostdeck/contracts';
import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { ROLES } from '../decorators/roles.decorator';
import { RolesGuard } from './roles.guard';

function contextFor(
  user: { role: UserRole } | undefined,
  roles: UserRole[] | undefined,
): ExecutionContext {
  const handler = () => undefined;
  if (roles) Reflect.defineMetadata(ROLES, roles, handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

describe('RolesGuard', () => {
  const sut = new RolesGuard(new Reflector());

  it('lets anyone through a route without @Roles', () => {
    expect(sut.canActivate(contextFor({ role: 'customer' }, undefined))).toBe(true);
  });

  it('admits a listed role', () => {
    expect(sut.canActivate(contextFor({ role: 'support' }, ['support', 'admin']))).toBe(true);
  });

  it('refuses an unlisted role with 403', () => {
    expect(() => sut.canActivate(contextFor({ role: 'customer' }, ['support', 'admin']))).toThrow(
      ForbiddenException,
    );
  });

  it('refuses when there is no authenticated user', () => {
    expect(() => sut.canActivate(contextFor(undefined, ['admin']))).toThrow(ForbiddenException);
  });
});
