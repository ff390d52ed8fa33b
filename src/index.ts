/** Forge entry point: the manifest's function handlers are exported from here. */
export { personalHandler as handler } from './resolvers/personal';
