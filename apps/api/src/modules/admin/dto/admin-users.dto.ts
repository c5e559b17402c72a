import type {
  AdjustBalanceRequest,
  AdjustBalanceResponse,
  ListUsersQuery,
  UpdateUserRoleRequest,
  UserPage,
  UserRole,
} from '@hostdeck/contracts';
import { USER_ROLES } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  NotEquals,
} from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';
import { UserViewDto } from '../../auth/dto/auth-responses.dto';

export class ListUsersQueryDto extends PageQueryDto() implements ListUsersQuery {
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

export class AdjustBalanceDto implements AdjustBalanceRequest {
  @ApiProperty({
    type: 'integer',
    example: 5000,
    description: 'Signed minor units; negative debits',
  })
  @IsInt()
  @NotEquals(0, { message: 'amountMinor must not be 0' })
  @Min(-100_000_000)
  @Max(100_000_000)
  readonly amountMinor!: number;

  @ApiProperty({ example: 'Bank transfer 2026-11-27', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  readonly reason!: string;
}

export class AdjustBalanceResponseDto implements AdjustBalanceResponse {
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
  @ApiProperty({ type: 'integer' }) transactionId!: number;
}
