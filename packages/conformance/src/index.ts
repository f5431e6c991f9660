export * from './fixtures.js';
export * from './compare.js';
export * from './context.js';
export * from './runner.js';
export * from './skips.js';
export * from './handlers/index.js';
