import type { KeyObject } from 'node:crypto';

import type { AccessTokenClaims } from '@hostdeck/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { JWT_ALGORITHM } from './token.service';

export const JWT_SIGNING_KEY = Symbol('JWT_SIGNING_KEY');

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(JWT_SIGNING_KEY) key: KeyObject) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key straight to jsonwebtoken, which accepts a KeyObject;
      // its typings only name string | Buffer.
      secretOrKey: key as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenClaims): AuthUser {
    return { id: payload.sub, email: payload.email, role: payload.role };
  }
}
