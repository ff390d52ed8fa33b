/** Forge entry point: the manifest's function handlers are exported from here. */
export { personalHandler as handler } from './resolvers/personal';
export { adminHandler } from './resolvers/admin';
export { personalDataHandler } from './privacy/handler';
export { tokenRecheckHandler } from './recheck/handler';
