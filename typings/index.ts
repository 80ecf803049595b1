export * from './states';
export * from './errors';
export * from './records';
export * from './events';
export * from './views';
