export * from './lib/pve-formats';
export * from './lib/pve-schema';
export * from './lib/property-string';
export * from './lib/upid';
