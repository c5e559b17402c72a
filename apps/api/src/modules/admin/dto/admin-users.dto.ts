import type {
  ListUsersQuery,
  UpdateUserRoleRequest,
  UserPage,
  UserRole,
} from '@hostdeck/contracts';
import { USER_ROLES } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { UserViewDto } from '../../auth/dto/auth-responses.dto';

export class ListUsersQueryDto implements ListUsersQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly pageSize?: number;

  @ApiPropertyOptional({ description: 'Part of the email' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  readonly search?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  readonly role?: UserRole;
}

export class UpdateUserRoleDto implements UpdateUserRoleRequest {
  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES, { message: `role must be one of: ${USER_ROLES.join(', ')}` })
  readonly role!: UserRole;
}

export class UserPageDto implements UserPage {
  @ApiProperty({ type: [UserViewDto] }) items!: UserViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}
