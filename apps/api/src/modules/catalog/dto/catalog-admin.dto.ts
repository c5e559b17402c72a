import type {
  CatalogRemoval,
  UpsertOperatingSystemRequest,
  UpsertTariffRequest,
} from '@hostdeck/contracts';
import { MIN_MEMORY_MB } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class CreateTariffDto implements UpsertTariffRequest {
  @ApiProperty({ example: 'Standard', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  readonly name!: string;

  @ApiProperty({ type: 'integer', example: 1200, description: 'Monthly price in minor units' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  readonly priceMonthlyMinor!: number;

  @ApiProperty({ type: 'integer', example: 2 })
  @IsInt()
  @Min(1)
  @Max(64)
  readonly cores!: number;

  @ApiProperty({ type: 'integer', example: 2048 })
  @IsInt()
  @Min(MIN_MEMORY_MB)
  @Max(262_144)
  readonly memoryMb!: number;

  @ApiProperty({ type: 'integer', example: 40 })
  @IsInt()
  @Min(1)
  @Max(4096)
  readonly diskGb!: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  readonly isActive?: boolean;
}

export class UpdateTariffDto extends PartialType(CreateTariffDto) {}

export class CreateOperatingSystemDto implements UpsertOperatingSystemRequest {
  @ApiProperty({ example: 'Debian 12', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  readonly name!: string;

  @ApiProperty({ example: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })
  @IsString()
  @MaxLength(255)
  @Matches(/^[a-z][a-z0-9\-_.]*[a-z0-9]:vztmpl\/[\w.+-]+\.tar\.(gz|xz|zst)$/i, {
    message:
      'templateVolid must be a Proxmox template volume like local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
  })
  readonly templateVolid!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  readonly isActive?: boolean;
}

export class UpdateOperatingSystemDto extends PartialType(CreateOperatingSystemDto) {}

export class CatalogRemovalDto implements CatalogRemoval {
  @ApiProperty() isDeleted!: boolean;
  @ApiProperty() isDeactivated!: boolean;
}
