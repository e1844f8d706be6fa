export { buildTimeline } from './build.js';
export * from './query.js';
export type * from './model.js';
export { defaultPacing } from './model.js';
