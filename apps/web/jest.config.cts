import type { Config } from 'jest';

const config: Config = {
  displayName: 'web',
  preset: 'jest-preset-angular',
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@hostdeck/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@novnc/novnc$': '<rootDir>/src/testing/novnc.mock.ts',
  },
  coverageDirectory: '../../coverage/apps/web',
};

export default config;
