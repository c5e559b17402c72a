import {
  CreateSnapshotRequest,
  RESERVED_SNAPSHOT_NAMES,
  SNAPSHOT_NAME_PATTERN,
  SnapshotNameRequest,
} from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const NAME_RULE = 'name must start with a letter and have 2-40 letters, digits, _ or -';

export class CreateSnapshotDto implements CreateSnapshotRequest {
  @ApiProperty({ example: 'before-upgrade', pattern: SNAPSHOT_NAME_PATTERN.source })
  @IsString()
  @Matches(SNAPSHOT_NAME_PATTERN, { message: NAME_RULE })
  @IsNotIn(RESERVED_SNAPSHOT_NAMES, {
    message: `name must not be one of Proxmox's reserved names: ${RESERVED_SNAPSHOT_NAMES.join(', ')}`,
  })
  readonly name!: string;

  @ApiPropertyOptional({ example: 'Before the PHP 8.4 upgrade', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  readonly description?: string;
}

export class SnapshotNameDto implements SnapshotNameRequest {
  @ApiProperty({ example: 'before-upgrade' })
  @IsString()
  @Matches(SNAPSHOT_NAME_PATTERN, { message: NAME_RULE })
  readonly name!: string;
}

/** DELETE takes the name in the body or as ?name=. */
export class OptionalSnapshotNameDto {
  @ApiPropertyOptional({ example: 'before-upgrade' })
  @IsOptional()
  @IsString()
  @Matches(SNAPSHOT_NAME_PATTERN, { message: NAME_RULE })
  readonly name?: string;
}

export class PowerQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'stop: skip the graceful shutdown' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'force must be true or false' })
  readonly force?: 'true' | 'false';
}
