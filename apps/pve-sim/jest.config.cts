module.exports = {
  displayName: 'pve-sim',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '^@hostdeck/pve-schema$': '<rootDir>/../../libs/pve-schema/src/index.ts' },
  maxWorkers: 1,
};
