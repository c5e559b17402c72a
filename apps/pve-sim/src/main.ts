import './register-paths';

import { startSimulator } from './simulator';

const port = Number(process.env['PVE_SIM_PORT'] ?? 8006);
const host = process.env['PVE_SIM_HOST'] ?? '127.0.0.1';

startSimulator({ port, host, apiToken: process.env['PVE_SIM_TOKEN'] })
  .then((sim) => process.stdout.write(`pve-sim listening at ${sim.url}\n`))
  .catch((error: unknown) => {
    process.stderr.write(
      `pve-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
