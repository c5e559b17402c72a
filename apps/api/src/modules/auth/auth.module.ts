import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';

import { jwtConfig } from '../../config/configuration';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { JWT_SIGNING_KEY, JwtStrategy } from './jwt.strategy';
import { JWT_ALGORITHM, jwtSigningKey, TokenService } from './token.service';

const signingKeyProvider = {
  provide: JWT_SIGNING_KEY,
  inject: [jwtConfig.KEY],
  useFactory: (config: ConfigType<typeof jwtConfig>) => jwtSigningKey(config.secret),
};

@Module({
  imports: [
    UsersModule,
    MailModule,
    PassportModule,
    TypeOrmModule.forFeature([RefreshToken]),
    JwtModule.registerAsync({
      inject: [jwtConfig.KEY],
      useFactory: (config: ConfigType<typeof jwtConfig>) => {
        const key = jwtSigningKey(config.secret);
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: JWT_ALGORITHM, expiresIn: config.accessTtlSeconds },
          verifyOptions: { algorithms: [JWT_ALGORITHM] },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, JwtStrategy, signingKeyProvider],
  exports: [TokenService],
})
export class AuthModule {}
