import { MailerModule, MailerOptions } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

import { mailConfig } from '../../config/configuration';
import { UsersModule } from '../users/users.module';
import { AdminOutboxController } from './admin-outbox.controller';
import { AlertMailListener } from './alert-mail.listener';
import { MailPreference } from './entities/mail-preference.entity';
import { OutboxMail } from './entities/outbox-mail.entity';
import { MailOutboxWorker } from './mail-outbox.worker';
import { MailPreferencesService } from './mail-preferences.service';
import { MailTransport, SmtpMailTransport, smtpTransportOptions } from './mail-transport';
import { MailService } from './mail.service';

/**
 * Mail for everyone: MailService renders a template and stores it in the outbox; the worker
 * sends it over SMTP (@nestjs-modules/mailer + nodemailer) when SMTP_HOST is set.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxMail, MailPreference]),
    MailerModule.forRootAsync({
      imports: [],
      inject: [mailConfig.KEY],
      useFactory: (config: ConfigType<typeof mailConfig>): MailerOptions => ({
        transport: smtpTransportOptions(config),
        defaults: { from: config.from },
        sendTimeout: 60_000,
      }),
    }),
    UsersModule,
  ],
  controllers: [AdminOutboxController],
  providers: [
    MailService,
    MailPreferencesService,
    MailOutboxWorker,
    AlertMailListener,
    { provide: MailTransport, useClass: SmtpMailTransport },
  ],
  exports: [MailService, MailPreferencesService],
})
export class MailModule {}
