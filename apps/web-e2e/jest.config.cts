/**
 * Real-browser end-to-end tests: they start the built API (which serves the built web app)
 * and drive Chromium through playwright-core. Build first: nx run-many -t build -p api web pve-sim.
 */
module.exports = {
  displayName: 'web-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 60_000,
  maxWorkers: 1,
};
