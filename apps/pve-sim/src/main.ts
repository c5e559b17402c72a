import './register-paths';

import { optionsFromEnv } from './env-options';
import { startSimulator } from './simulator';

/**
 * The CLI: configured by PVE_SIM_* variables; prints one JSON "ready" line to stdout (the panel's
 * API parses it) and stops cleanly on SIGTERM/SIGINT. Diagnostics go to stderr.
 */
async function main(): Promise<void> {
  const sim = await startSimulator(optionsFromEnv(process.env));
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', apiUrl: sim.apiUrl, sshPort: sim.sshPort, nodes: sim.nodes })}\n`,
  );
  let isStopping = false;
  const stop = () => {
    if (isStopping) return;
    isStopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`pve-sim: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `pve-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
