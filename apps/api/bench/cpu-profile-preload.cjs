// Preloaded into the panel by the API benchmark with BENCH_PROFILE=<dir> (NODE_OPTIONS may not carry
// --cpu-prof): profiles the whole process and writes <dir>/panel-<pid>.cpuprofile when it exits.
// The in-process inspector session answers synchronously, so this works in an 'exit' handler.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `panel-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
