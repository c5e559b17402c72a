import type { OperatingSystemView, OsType, TariffView } from '@hostdeck/contracts';
import { OS_TYPES } from '@hostdeck/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class TariffViewDto implements TariffView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', description: 'Monthly price in minor units' })
  priceMonthlyMinor!: number;
  @ApiProperty({ type: 'integer' }) cores!: number;
  @ApiProperty({ type: 'integer' }) memoryMb!: number;
  @ApiProperty({ type: 'integer' }) diskGb!: number;
  @ApiProperty() isActive!: boolean;
}

export class OperatingSystemViewDto implements OperatingSystemView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })
  templateVolid!: string;
  @ApiProperty({ enum: OS_TYPES }) type!: OsType;
  @ApiProperty() isActive!: boolean;
}
