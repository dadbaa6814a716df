import { fileURLToPath } from 'node:url';

/** The shared folder (fixtures, seeds, data) beside the repository; REKINDLE_SHARED_DIR overrides it. */
export function sharedDir(): string {
  return process.env.REKINDLE_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));
}
