/** The row shapes and mappings are shared by both SQL adapters. */
export * from '../store/store-rows.js';
