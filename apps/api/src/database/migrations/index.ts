import { InitialSchema1764201600000 } from './1764201600000-initial-schema';
import { ServerOperations1764288000000 } from './1764288000000-server-operations';

/** Every migration in order; they run at start-up. */
export const MIGRATIONS = [InitialSchema1764201600000, ServerOperations1764288000000];
