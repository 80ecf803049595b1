/**
 * A CloudBase environment's administration. Collections through the database (createCollections, idempotent);
 * indexes and client permissions through the management API (@cloudbase/manager-node), which the database SDK
 * cannot reach:
 * - indexes: DescribeTable / UpdateTable (manager.database.describeCollection / updateCollection); an index counts as
 *   present when one with the same fields in the same order exists, whatever it is called;
 * - permissions: DescribeDatabaseACL / ModifyDatabaseACL through manager.commonService(), AclTag ADMINONLY
 *   (仅管理端可读写: no client reads or writes; cloud functions are not bound by it). A collection set to the
 *   custom rule `{"read": false, "write": false}` is equivalent, but the simple ACL call cannot see the rule, so it
 *   is set to ADMINONLY as well.
 */
import type CloudBaseManager from '@cloudbase/manager-node';
import type { CollectionName } from '../../server/domain/types';
import { createCollections, type CloudBaseDb } from '../../server/store/cloudbase';
import { COLLECTION_NAMES, INDEXES, isSuperseded } from '../../server/store/port';
import { indexLabel, type Backend, type ClientAccess, type Provisioned } from '../backend';

/** The part of @cloudbase/manager-node this module uses. */
export interface CloudManager {
  commonService(): { call(options: { Action: string; Param: Record<string, unknown> }): Promise<unknown> };
  database: {
    describeCollection(name: string): Promise<{ Indexes?: { Name: string; Keys?: { Name?: string }[] }[] }>;
    updateCollection(
      name: string,
      info: {
        CreateIndexes?: { IndexName: string; MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean } }[];
        DropIndexes?: { IndexName: string }[];
      },
    ): Promise<unknown>;
  };
}

// Compile-time proof that the real manager fits.
type Holds<T extends true> = T;
export type ManagerFits = Holds<CloudBaseManager extends CloudManager ? true : false>;

export const DENY_ACL = 'ADMINONLY';

const aclOf = (answer: unknown): string | undefined =>
  typeof answer === 'object' && answer !== null && typeof (answer as { AclTag?: unknown }).AclTag === 'string'
    ? (answer as { AclTag: string }).AclTag
    : undefined;

export interface CloudBaseBackendOptions {
  envId: string;
  db: CloudBaseDb;
  manager: CloudManager;
  /** removes every document of a physical collection, returns how many */
  clearCollection: (physicalName: string) => Promise<number>;
  /** physical name = prefix + collection (test environments); default none */
  prefix?: string;
}

export class CloudBaseBackend implements Backend {
  readonly kind = 'cloudbase';
  /** each write is a transaction of several round trips: keep a few in flight */
  readonly parallelWrites = 8;
  private readonly prefix: string;

  constructor(private readonly options: CloudBaseBackendOptions) {
    this.prefix = options.prefix ?? '';
  }

  private physical(collection: string): string {
    return this.prefix + collection;
  }

  async provision(): Promise<Provisioned> {
    const created = await createCollections(this.options.db, { prefix: this.prefix });
    const indexes: string[] = [];
    const dropped: string[] = [];
    for (const collection of COLLECTION_NAMES) {
      const wanted = INDEXES[collection] ?? [];
      if (wanted.length === 0) continue;
      const name = this.physical(collection);
      const existing = ((await this.options.manager.database.describeCollection(name)).Indexes ?? []).map((i) => ({
        name: i.Name,
        fields: (i.Keys ?? []).map((k) => k.Name ?? ''),
      }));
      const present = new Set(existing.map((i) => i.fields.join(',')));
      const missing = wanted.filter((fields) => !present.has(fields.join(',')));
      const superseded = existing.filter((i) => isSuperseded(collection, i.fields));
      if (missing.length === 0 && superseded.length === 0) continue;
      await this.options.manager.database.updateCollection(name, {
        ...(missing.length
          ? {
              CreateIndexes: missing.map((fields) => ({
                IndexName: fields.join('_'),
                MgoKeySchema: { MgoIndexKeys: fields.map((f) => ({ Name: f, Direction: '1' })), MgoIsUnique: false },
              })),
            }
          : {}),
        ...(superseded.length ? { DropIndexes: superseded.map((i) => ({ IndexName: i.name })) } : {}),
      });
      indexes.push(...missing.map((fields) => indexLabel(collection, fields)));
      dropped.push(...superseded.map((i) => indexLabel(collection, i.fields)));
    }
    return { collections: created.map((n) => n.slice(this.prefix.length)), indexes, dropped };
  }

  async denyClientAccess(): Promise<ClientAccess> {
    const api = this.options.manager.commonService();
    const changed: string[] = [];
    for (const collection of COLLECTION_NAMES) {
      const Param = { EnvId: this.options.envId, CollectionName: this.physical(collection) };
      const current = aclOf(await api.call({ Action: 'DescribeDatabaseACL', Param }));
      if (current === DENY_ACL) continue;
      await api.call({ Action: 'ModifyDatabaseACL', Param: { ...Param, AclTag: DENY_ACL } });
      changed.push(collection);
    }
    return {
      changed,
      note: '每个集合的数据权限为「仅管理端可读写」（ADMINONLY）：小程序端不能直接读写，云函数不受此限制',
    };
  }

  /** CloudBase keeps its storage itself; there is nothing for a client to check */
  async integrityCheck(): Promise<null> {
    return null;
  }

  async clear(collection: CollectionName): Promise<number> {
    return this.options.clearCollection(this.physical(collection));
  }
}
