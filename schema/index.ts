export * from './tables.ts';
export * from './api.ts';
