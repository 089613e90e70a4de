export * from './common';
export * from './register';
export * from './errors';
export * from './views';
export * from './commands';
export * from './procedure';
export * from './agent';
