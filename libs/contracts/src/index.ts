export * from './lib/admin';
export * from './lib/auth';
export * from './lib/domain';
export * from './lib/errors';
export * from './lib/health';
export * from './lib/realtime';
export * from './lib/routes';
export * from './lib/servers';
