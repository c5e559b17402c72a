import { MIN_MEMORY_MB, ResizeServerRequest } from '@hostdeck/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ResizeServerDto implements ResizeServerRequest {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 64, example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  readonly cores?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: MIN_MEMORY_MB, maximum: 262144, example: 2048 })
  @IsOptional()
  @IsInt()
  @Min(MIN_MEMORY_MB, { message: `memoryMb must be at least ${MIN_MEMORY_MB}` })
  @Max(262_144)
  readonly memoryMb?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 4096,
    example: 40,
    description: 'Disks only grow',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  readonly diskGb?: number;
}
