/**
 * The store's administration side, per kind of store: what setup and restore need beyond the store port (which
 * deliberately has no way to create, secure or empty a collection).
 */
import type { CollectionName } from '../server/domain/types';

export interface Provisioned {
  /** collections (SQLite: tables) this call created */
  collections: string[];
  /** indexes this call created, as `collection(field, field…)` */
  indexes: string[];
  /** indexes of an earlier release this call dropped because one it created replaces them (isSuperseded) */
  dropped: string[];
}

export interface ClientAccess {
  /** collections whose client permission this call changed to deny */
  changed: string[];
  /** what the person should know: how the permission is held, or why there is none */
  note: string;
}

export interface Backend {
  kind: 'sqlite' | 'cloudbase';
  /** creates the collections and indexes that are missing, drops the ones they supersede; creates nothing that exists */
  provision(): Promise<Provisioned>;
  /** sets every collection's client read and write permission to deny, where it is not already */
  denyClientAccess(): Promise<ClientAccess>;
  /** removes every document of one collection (restore --force); returns how many were removed */
  clear(collection: CollectionName): Promise<number>;
  /** how many single-document writes restore keeps in flight (SQLite writes one at a time anyway) */
  parallelWrites: number;
  /**
   * The store's own check of its storage (SQLite: PRAGMA integrity_check): its findings, `['ok']` when sound; null
   * where the service keeps its storage itself and offers no such check (CloudBase).
   */
  integrityCheck(): Promise<string[] | null>;
}

/** `students(collegeId, major)` */
export const indexLabel = (collection: string, fields: readonly string[]): string => `${collection}(${fields.join(', ')})`;
