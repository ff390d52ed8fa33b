/**
 * Imported for its effect, before any module that builds zod schemas: Forge's Custom UI policy forbids eval, so zod
 * must not even probe for it (the probe alone is a CSP violation). Pages load it ahead of their lazily loaded forms,
 * which keeps zod out of the first load.
 */
import { config } from 'zod';

config({ jitless: true });
