/** How the admin commands write: as whom, and in what batches. */
import type { Store } from '../server/store/port';

/** The actor of every audit entry an admin command writes. */
export const ADMIN_ACTOR = { openid: 'admin', role: 'admin' } as const;

/**
 * Rows per commit, and commits in flight. SQLite takes a large batch in one transaction and runs one at a time
 * anyway. A CloudBase transaction is driven one document at a time (two round trips each), so its batches stay
 * small enough to finish well inside a transaction's lifetime, and several run at once: no two batches touch the
 * same document (each row writes its own records; each unit claims its own credit code).
 */
export const batching = (store: Store): { size: number; parallel: number } =>
  store.name === 'sqlite' ? { size: 500, parallel: 1 } : { size: 10, parallel: 8 };
