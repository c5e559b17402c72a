import { InitialSchema1764201600000 } from './1764201600000-initial-schema';
import { ServerOperations1764288000000 } from './1764288000000-server-operations';
import { Monitoring1764374400000 } from './1764374400000-monitoring';
import { TicketsNotificationsMail1764468000000 } from './1764468000000-tickets-notifications-mail';
import { Billing1764554400000 } from './1764554400000-billing';
import { AlertSince1764640800000 } from './1764640800000-alert-since';

/** Every migration in order; they run at start-up. */
export const MIGRATIONS = [
  InitialSchema1764201600000,
  ServerOperations1764288000000,
  Monitoring1764374400000,
  TicketsNotificationsMail1764468000000,
  Billing1764554400000,
  AlertSince1764640800000,
];
