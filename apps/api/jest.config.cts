const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  displayName: 'api',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/src/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  // NestJS 12 ships ESM; Jest's CommonJS runtime on Node 20 needs it transpiled.
  transformIgnorePatterns: [
    'node_modules/(?!(@nestjs|@tokenizer|file-type|strtok3|token-types|uint8array-extras|content-disposition)/)',
  ],
  moduleNameMapper: {
    '^@hostdeck/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@hostdeck/pve-schema$': '<rootDir>/../../libs/pve-schema/src/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 30000,
  maxWorkers: 1,
};
