import type {
  MarkAllNotificationsReadResponse,
  NotificationPage,
  NotificationPreferences,
  NotificationView,
  UnreadNotificationCount,
} from '@hostdeck/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { MailPreferencesService } from '../mail/mail-preferences.service';
import {
  MarkAllNotificationsReadResponseDto,
  NotificationListQueryDto,
  NotificationPageDto,
  NotificationPreferencesDto,
  NotificationViewDto,
  UnreadNotificationCountDto,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications; new ones also arrive as the `notification` socket event. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: MailPreferencesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, unread first, paged' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrorResponses(400, 401)
  listNotifications(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationListQueryDto,
  ): Promise<NotificationPage> {
    return this.notifications.listNotifications(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ type: UnreadNotificationCountDto })
  @ApiErrorResponses(401)
  async countUnreadNotifications(@CurrentUser() user: AuthUser): Promise<UnreadNotificationCount> {
    return { unreadCount: await this.notifications.countUnread(user.id) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkAllNotificationsReadResponseDto })
  @ApiErrorResponses(401)
  markAllNotificationsRead(
    @CurrentUser() user: AuthUser,
  ): Promise<MarkAllNotificationsReadResponse> {
    return this.notifications.markAllRead(user.id);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'My mail settings' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiErrorResponses(401)
  getNotificationPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferences> {
    return this.preferences.getPreferences(user.id);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Turn optional mail (alerts, ticket replies) on or off' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiErrorResponses(400, 401)
  updateNotificationPreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: NotificationPreferencesDto,
  ): Promise<NotificationPreferences> {
    return this.preferences.updatePreferences(user.id, body);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationViewDto })
  @ApiErrorResponses(400, 401, 404)
  markNotificationRead(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<NotificationView> {
    return this.notifications.markRead(user.id, id);
  }
}
