import { InitialSchema1764201600000 } from './1764201600000-initial-schema';

/** Every migration in order; they run at start-up. */
export const MIGRATIONS = [InitialSchema1764201600000];
