export * from './tables.ts';
export * from './api.ts';
export * from './check-ins.ts';
export * from './mobile.ts';
export * from './stations.ts';
export * from './station-edits.ts';
export * from './service-requests.ts';
export * from './hsds.ts';
