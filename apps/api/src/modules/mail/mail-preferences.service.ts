import type { NotificationPreferences } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { isUniqueViolation } from '../users/users.service';
import { MailPreference } from './entities/mail-preference.entity';

const DEFAULTS: NotificationPreferences = { isOptionalMailEnabled: true };

/** Per-user mail settings: essential mail always goes out, optional mail can be turned off. */
@Injectable()
export class MailPreferencesService {
  constructor(
    @InjectRepository(MailPreference) private readonly preferences: Repository<MailPreference>,
  ) {}

  async getPreferences(userId: number): Promise<NotificationPreferences> {
    const row = await this.preferences.findOne({ where: { userId } });
    return row ? { isOptionalMailEnabled: row.isOptionalMailEnabled } : { ...DEFAULTS };
  }

  async updatePreferences(
    userId: number,
    change: NotificationPreferences,
  ): Promise<NotificationPreferences> {
    const updated = await this.preferences.update(
      { userId },
      { isOptionalMailEnabled: change.isOptionalMailEnabled },
    );
    if (!updated.affected) {
      try {
        await this.preferences.insert({
          userId,
          isOptionalMailEnabled: change.isOptionalMailEnabled,
        });
      } catch (error) {
        // A concurrent first save won the insert; ours becomes the update.
        if (!isUniqueViolation(error)) throw error;
        await this.preferences.update(
          { userId },
          { isOptionalMailEnabled: change.isOptionalMailEnabled },
        );
      }
    }
    return this.getPreferences(userId);
  }
}
