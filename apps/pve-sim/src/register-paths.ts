import { join } from 'node:path';

import { register } from 'tsconfig-paths';

/** The compiled simulator imports the shared schema lib by its alias; point it at the compiled lib. */
register({
  baseUrl: join(__dirname, '../../..'),
  paths: { '@hostdeck/pve-schema': ['libs/pve-schema/src/index.js'] },
  addMatchAll: false,
});
