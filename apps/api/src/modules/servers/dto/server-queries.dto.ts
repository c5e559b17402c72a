import {
  ConsoleSessionRequest,
  SERVER_STATUSES,
  ServerListQuery,
  ServerStatus,
} from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ServerListQueryDto implements ServerListQuery {
  @ApiPropertyOptional({ enum: SERVER_STATUSES })
  @IsOptional()
  @IsIn(SERVER_STATUSES)
  readonly status?: ServerStatus;

  @ApiPropertyOptional({ type: 'integer', description: 'Staff only: one customer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly ownerId?: number;

  @ApiPropertyOptional({
    description: "Part of the hostname or IP (for staff also of the owner's email)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly search?: string;

  @ApiPropertyOptional({
    description: 'Staff only: the servers on one Proxmox node',
    example: 'pve1',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly node?: string;
}

export class ConsoleSessionDto implements ConsoleSessionRequest {
  @ApiProperty({ type: 'integer', example: 1 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  readonly serverId!: number;
}
