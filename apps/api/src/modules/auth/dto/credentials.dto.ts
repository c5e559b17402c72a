import {
  ChangePasswordRequest,
  LoginRequest,
  LogoutRequest,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RefreshRequest,
  RegisterRequest,
} from '@hostdeck/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The length rules of a password someone is choosing (registration, a change). */
function IsChosenPassword(field: string): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, {
      message: `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`,
    }),
    MaxLength(PASSWORD_MAX_LENGTH, {
      message: `${field} must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
  );
}

const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'alice@example.com', maxLength: 254 })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  readonly email!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'correct horse battery',
  })
  @IsChosenPassword('password')
  readonly password!: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice@example.com' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  readonly email!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @IsNotEmpty({ message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  readonly password!: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  readonly refreshToken!: string;
}

export class LogoutDto implements LogoutRequest {
  @ApiPropertyOptional({ description: 'Revoke this session only; omit to revoke every session' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly refreshToken?: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @IsNotEmpty({ message: 'currentPassword must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  readonly currentPassword!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'staple battery horse correct',
  })
  @IsChosenPassword('newPassword')
  readonly newPassword!: string;
}
