export * from './dtype.js';
export * from './errors.js';
export * from './backend/backend.js';
export * from './random/philox.js';
