import { config as loadDotenv } from 'dotenv';

import { EnvironmentVariables, validateEnvironment } from './env.schema';

let cached: EnvironmentVariables | undefined;

/** The validated environment, read once (an optional .env fills unset variables). */
export function environment(): EnvironmentVariables {
  if (!cached) {
    if (process.env['NODE_ENV'] !== 'test') loadDotenv({ quiet: true });
    cached = validateEnvironment(process.env);
  }
  return cached;
}

/** Tests change process.env between apps; this makes the next read see it. */
export function resetEnvironmentCache(): void {
  cached = undefined;
}
