import { ELEMENTWISE } from './elementwise.js';

export const CASES = [...ELEMENTWISE];
