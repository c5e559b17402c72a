import type {
  ConsoleSessionResponse,
  CreateServerResponse,
  OperationAccepted,
  OperationState,
  OperationType,
  OperationView,
  PasswordResetResponse,
  ResizeServerResponse,
  ServerLiveStatus,
  ServerMetricsView,
  ServerStatus,
  ServerView,
  SnapshotView,
} from '@hostdeck/contracts';
import { OPERATION_STATES, OPERATION_TYPES, SERVER_STATUSES } from '@hostdeck/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class OperationViewDto implements OperationView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: 'integer' }) serverId!: number;
  @ApiProperty({ enum: OPERATION_TYPES }) type!: OperationType;
  @ApiProperty({ enum: OPERATION_STATES }) state!: OperationState;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class ServerMetricsViewDto implements ServerMetricsView {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 12.5,
    description: 'Percent of the server’s cores',
  })
  cpuPercent!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) memUsedBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) memTotalBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) diskUsedBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) diskTotalBytes!: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Bytes received since the container started',
  })
  netInBytes!: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Bytes sent since the container started',
  })
  netOutBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) uptimeSeconds!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sampledAt!: string | null;
}

export class ServerViewDto implements ServerView {
  @ApiProperty({ type: 'integer', example: 12 }) id!: number;
  @ApiProperty({ type: 'integer' }) ownerId!: number;
  @ApiProperty({ example: 'customer@example.com', description: "The owner's sign-in email" })
  ownerEmail!: string;
  @ApiProperty({ example: 'web1' }) hostname!: string;
  @ApiProperty({ enum: SERVER_STATUSES }) status!: ServerStatus;
  @ApiProperty({ type: String, nullable: true, example: '10.10.0.12' }) ipAddress!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'pve1' }) node!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 101 }) vmid!: number | null;
  @ApiProperty({ type: 'integer' }) tariffId!: number;
  @ApiProperty({ example: 'Standard' }) tariffName!: string;
  @ApiProperty({ type: 'integer' }) osId!: number;
  @ApiProperty({ example: 'Debian 12' }) osName!: string;
  @ApiProperty({ type: 'integer', example: 2 }) cores!: number;
  @ApiProperty({ type: 'integer', example: 2048 }) memoryMb!: number;
  @ApiProperty({ type: 'integer', example: 40 }) diskGb!: number;
  @ApiProperty({ type: 'integer', example: 1200, description: 'Monthly price in minor units' })
  priceMonthlyMinor!: number;
  @ApiProperty({ type: ServerMetricsViewDto }) metrics!: ServerMetricsViewDto;
  @ApiProperty({ type: OperationViewDto, nullable: true })
  activeOperation!: OperationViewDto | null;
  @ApiProperty({
    type: OperationViewDto,
    nullable: true,
    description: 'The most recent operation, running or finished',
  })
  lastOperation!: OperationViewDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-27',
    description: 'Last charged day (UTC)',
  })
  billedThrough!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OperationAcceptedDto implements OperationAccepted {
  @ApiProperty({ type: ServerViewDto }) server!: ServerViewDto;
  @ApiProperty({ type: OperationViewDto }) operation!: OperationViewDto;
}

export class CreateServerResponseDto extends OperationAcceptedDto implements CreateServerResponse {
  @ApiProperty({ example: 'q7T!xW2m...', description: 'Shown once; never stored in plain text' })
  rootPassword!: string;
}

export class ResizeServerResponseDto extends OperationAcceptedDto implements ResizeServerResponse {
  @ApiProperty({
    type: 'integer',
    example: 1800,
    description: 'New monthly price, charged from the next day',
  })
  priceMonthlyMinor!: number;
}

export class SnapshotViewDto implements SnapshotView {
  @ApiProperty({ example: 'before-upgrade' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) parent!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
}

export class PasswordResetResponseDto implements PasswordResetResponse {
  @ApiProperty({ description: 'The new root password; shown once' }) password!: string;
}

export class ConsoleSessionResponseDto implements ConsoleSessionResponse {
  @ApiProperty({
    example: '/api/server/console/ws?token=…',
    description: 'Same-origin WebSocket speaking RFB',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) vncPassword!: string | null;
}

export class ServerLiveStatusDto implements ServerLiveStatus {
  @ApiProperty({ type: 'integer' }) serverId!: number;
  @ApiProperty({ enum: SERVER_STATUSES }) status!: ServerStatus;
  @ApiProperty({
    description: 'True when Proxmox could not be asked and these are the last known figures',
  })
  isStale!: boolean;
  @ApiProperty({ type: ServerMetricsViewDto }) metrics!: ServerMetricsViewDto;
}
