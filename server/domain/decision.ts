/**
 * What every decision is handed and what it returns. A decision is a pure function of the records a use case
 * loaded: it returns the records' new versions (writes), their audit entries and the messages they cause, which
 * the use case commits as one. The store port speaks these shapes too, so the domain depends on no store.
 */
import type { Actor, AuditEntry, CollectionName, Collections, OutboxDoc, RequestDoc } from './types';

/** The acting user, the time of the change and an id source: handed in, never taken from the machine. */
export interface Env {
  actor: Actor;
  now: string;
  newId: () => string;
}

/**
 * A document write: `expectedVersion` 0 creates (and fails if it exists); n replaces version n. The new version must
 * be greater (one more per transition applied in this commit).
 */
export interface Write<C extends CollectionName = CollectionName> {
  collection: C;
  doc: Collections[C];
  expectedVersion: number;
}

/** A decision's outcome: what one commit writes. */
export interface Decided {
  writes: Write[];
  audit: AuditEntry[];
  outbox: OutboxDoc[];
}

/**
 * One atomic commit: the records' new versions, their audit entries, the messages they cause, and the first result
 * of the request that caused them. All or nothing.
 */
export interface Commit extends Decided {
  request?: RequestDoc;
  /**
   * Documents the decision relied on without writing them, at the version it read (0: it read none): checked inside
   * the transaction like a write's expected version, so that a decision made on a copy kept in memory (the school's
   * settings, cached per warm instance) conflicts when the stored one has moved on, and its retry reads afresh.
   */
  reads?: ReadCheck[];
}

/** A document a commit relied on: it must still be at `version` (0: must still not exist) when the commit applies. */
export interface ReadCheck {
  collection: CollectionName;
  id: string;
  version: number;
}
