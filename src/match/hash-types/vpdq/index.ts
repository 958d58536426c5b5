// vPDQ, the video hash type: frame lists, the match rule, the index and the plug-in.
export * from './frames.js';
export * from './match-rule.js';
export * from './vpdq-index.js';
export { VPDQ_TYPE } from './vpdq-type.js';
