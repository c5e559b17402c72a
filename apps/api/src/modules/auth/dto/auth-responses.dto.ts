import type { LoginResponse, RegisterResponse, UserRole, UserView } from '@hostdeck/contracts';
import { USER_ROLES } from '@hostdeck/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class UserViewDto implements UserView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty({ type: 'integer', description: 'Balance in minor units (cents)' })
  balanceMinor!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;
}

export class UserEnvelopeDto implements RegisterResponse {
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires' })
  expiresIn!: number;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}
