import { MailerService } from '@nestjs-modules/mailer';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';

import { InfrastructureError } from '../../common/errors/infrastructure.error';
import { mailConfig } from '../../config/configuration';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The SMTP server refused the mail or could not be reached. */
export class MailDeliveryError extends InfrastructureError {
  readonly statusCode = 502;
  override name = 'MailDeliveryError';

  override get publicMessage(): string {
    return 'The mail server did not accept the message';
  }
}

/** The one seam to the outside world for mail; tests and the outbox mode never reach SMTP. */
export abstract class MailTransport {
  /** False when no SMTP server is configured: mails are only kept in the outbox. */
  abstract readonly isConfigured: boolean;
  /** Hands the mail to the SMTP server; throws MailDeliveryError when it is not accepted. */
  abstract send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
}

/** Sends through @nestjs-modules/mailer (nodemailer's SMTP transport). */
@Injectable()
export class SmtpMailTransport extends MailTransport {
  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    private readonly mailer: MailerService,
  ) {
    super();
  }

  get isConfigured(): boolean {
    return !this.config.useOutbox;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string | null }> {
    try {
      const info = (await this.mailer.sendMail({
        from: this.config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      })) as { messageId?: unknown };
      return {
        messageId: typeof info.messageId === 'string' ? info.messageId.slice(0, 255) : null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new MailDeliveryError(message, { cause: error });
    }
  }
}

/** nodemailer options for the configured server: TLS on 465, STARTTLS required on 587. */
export function smtpTransportOptions(config: ConfigType<typeof mailConfig>) {
  if (!config.host) return { jsonTransport: true } as const;
  return {
    host: config.host,
    port: config.port,
    secure: config.port === 465,
    requireTLS: config.port === 587,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
