import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { SERVER_ALERT_NOTICE, ServerAlertNoticeEvent } from '../monitoring/alerts.service';
import { MailService } from './mail.service';

/** Mails the owner when a resource alert fires or recovers (monitoring already notified in-app). */
@Injectable()
export class AlertMailListener {
  private readonly logger = new Logger(AlertMailListener.name);

  constructor(private readonly mail: MailService) {}

  @OnEvent(SERVER_ALERT_NOTICE)
  async mailServerAlert(event: ServerAlertNoticeEvent): Promise<void> {
    try {
      if (event.state === 'firing') {
        await this.mail.sendToUser(event.ownerId, 'resource-alert', {
          serverId: event.serverId,
          hostname: event.hostname,
          resource: event.resource,
          valuePercent: event.value,
          thresholdPercent: event.threshold,
        });
      } else {
        await this.mail.sendToUser(event.ownerId, 'resource-recovered', {
          serverId: event.serverId,
          hostname: event.hostname,
          resource: event.resource,
          valuePercent: event.value,
        });
      }
    } catch (error) {
      this.logger.error(
        `alert mail for serverId=${event.serverId} not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
