import { join } from 'node:path';

import { register } from 'tsconfig-paths';

/**
 * The compiled API imports the shared lib by its workspace alias; point the alias at the lib's
 * compiled output beside it (dist/apps/api/libs/contracts/src).
 */
register({
  baseUrl: join(__dirname, '../../..'),
  paths: {
    '@hostdeck/contracts': ['libs/contracts/src/index.js'],
    '@hostdeck/pve-schema': ['libs/pve-schema/src/index.js'],
  },
  addMatchAll: false,
});
