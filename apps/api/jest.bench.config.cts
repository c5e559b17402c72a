// Benchmarks run through Jest only to reuse its TypeScript transform; they report, never assert on numbers.
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-bench',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 900_000,
};
