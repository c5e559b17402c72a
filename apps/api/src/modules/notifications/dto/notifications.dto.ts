import type {
  MarkAllNotificationsReadResponse,
  NotificationKind,
  NotificationListQuery,
  NotificationPage,
  NotificationView,
  UnreadNotificationCount,
  UpdateNotificationPreferencesRequest,
} from '@hostdeck/contracts';
import { NOTIFICATION_KINDS } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';

const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class NotificationListQueryDto extends PageQueryDto(20) implements NotificationListQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'Only the unread ones' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  readonly unreadOnly?: boolean;
}

export class NotificationViewDto implements NotificationView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ example: 'Your server web1 is ready' }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, example: '/servers/12' }) link!: string | null;
  @ApiProperty() isRead!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class NotificationPageDto implements NotificationPage {
  @ApiProperty({ type: [NotificationViewDto] }) items!: NotificationViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
  @ApiProperty({ type: 'integer' }) unreadCount!: number;
}

export class UnreadNotificationCountDto implements UnreadNotificationCount {
  @ApiProperty({ type: 'integer' }) unreadCount!: number;
}

export class MarkAllNotificationsReadResponseDto implements MarkAllNotificationsReadResponse {
  @ApiProperty({ type: 'integer', description: 'How many were unread' }) updated!: number;
  @ApiProperty({ type: 'integer' }) unreadCount!: number;
}

export class NotificationPreferencesDto implements UpdateNotificationPreferencesRequest {
  @ApiProperty({
    description:
      'Resource alerts, ticket replies and other optional mail; billing and server lifecycle mail is always sent',
  })
  @IsBoolean()
  readonly isOptionalMailEnabled!: boolean;
}
