/**
 * The summary counters' arithmetic (which summaries exist is SUMMARIES in ./port): which documents and counts a
 * record's write moves, what a document becomes, and the read that answers a count from them. Pure but for `tally`,
 * which reads through the port; the adapters call the rest inside their transactions.
 */
import type { CollectionName, Doc, SummaryDoc } from '../domain/types';
import { DERIVED_FIELDS, SUMMARIES, type Filter, type Store, type Summary, type SummaryName } from './port';

export const SUMMARY_NAMES = Object.keys(SUMMARIES) as SummaryName[];

const OF_COLLECTION = new Map<CollectionName, SummaryName[]>();
for (const name of SUMMARY_NAMES) {
  const { collection } = SUMMARIES[name];
  OF_COLLECTION.set(collection, [...(OF_COLLECTION.get(collection) ?? []), name]);
}

/** Whether writing to `collection` moves any summary. */
export const isSummarized = (collection: CollectionName): boolean => OF_COLLECTION.has(collection);

/** FNV-1a over UTF-16 code units: spreads record ids over shards evenly enough, the same on every adapter. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const shardOf = (summary: Summary, recordId: string): number => hash(recordId) % summary.shards;

/** A key field's value as the summaries hold it: a missing field counts as '' (the domain's key fields are strings). */
const part = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** A key field of a record: the stored field, or the value DERIVED_FIELDS computes from the record. */
function fieldOf(doc: Doc, field: string): unknown {
  const derive = DERIVED_FIELDS[field];
  return derive ? derive(doc) : (doc as unknown as Record<string, unknown>)[field];
}

/** A summary document's id: the summary, its `by` values (escaped, since a college id may hold any character), the shard. */
export const summaryId = (name: SummaryName, by: readonly string[], shard: number): string =>
  [name, ...by.map(encodeURIComponent), String(shard)].join(':');

/** Every shard of one set of a summary's documents (kept: the school's statistics name thousands on every read). */
const idsKept = new Map<string, readonly string[]>();
export function summaryIds(name: SummaryName, by: readonly string[]): readonly string[] {
  const key = [name, ...by].join('\u0000');
  let ids = idsKept.get(key);
  if (!ids) {
    ids = Array.from({ length: SUMMARIES[name].shards }, (_, shard) => summaryId(name, by, shard));
    // a school has a few hundred colleges; the bound only stops a stream of unknown ones from growing it
    if (idsKept.size >= 10_000) idsKept.clear();
    idsKept.set(key, ids);
  }
  return ids;
}

/** The count's key inside a document: the key fields' values joined (states and kinds hold no `|`). */
export const countKey = (values: readonly string[]): string => (values.length ? values.join('|') : 'all');

/** Summary document id → count key → change. */
export type SummaryDeltas = Map<string, Map<string, number>>;

/** Adds to `into` what writing `after` where `before` stood does to the summaries (null: no record). */
export function addDeltas(into: SummaryDeltas, collection: CollectionName, before: Doc | null, after: Doc | null): void {
  for (const name of OF_COLLECTION.get(collection) ?? []) {
    const summary: Summary = SUMMARIES[name];
    for (const [doc, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!doc) continue;
      const id = summaryId(name, summary.by.map((f) => part(fieldOf(doc, f))), shardOf(summary, doc._id));
      const key = countKey(summary.key.map((f) => part(fieldOf(doc, f))));
      let counts = into.get(id);
      if (!counts) into.set(id, (counts = new Map()));
      counts.set(key, (counts.get(key) ?? 0) + sign);
    }
  }
}

/** The deltas that change something: a write that kept its key fields leaves no document to read or write. */
export function netDeltas(deltas: SummaryDeltas): SummaryDeltas {
  const out: SummaryDeltas = new Map();
  for (const [id, counts] of deltas) {
    const moved = [...counts].filter(([, n]) => n !== 0);
    if (moved.length) out.set(id, new Map(moved));
  }
  return out;
}

/** The document `current` becomes with `changes` added, one version on; a count that reaches 0 is left out. */
export function applyDeltas(id: string, current: SummaryDoc | null, changes: ReadonlyMap<string, number>): SummaryDoc {
  const counts = { ...(current?.counts ?? {}) };
  for (const [key, n] of changes) {
    const next = (counts[key] ?? 0) + n;
    if (next === 0) delete counts[key];
    else counts[key] = next;
  }
  return { _id: id, version: (current?.version ?? 0) + 1, counts };
}

/** The summary count that answers `count(collection, where)`, or null when none does. */
export function summaryFor(collection: CollectionName, where: readonly Filter[]): { name: SummaryName; by: string[]; key: string } | null {
  const equal = new Map<string, string>();
  for (const f of where) {
    if (f.op !== '==' || typeof f.value !== 'string' || equal.has(f.field)) return null;
    equal.set(f.field, f.value);
  }
  for (const name of OF_COLLECTION.get(collection) ?? []) {
    const summary: Summary = SUMMARIES[name];
    const fields = [...summary.by, ...summary.key];
    if (fields.length !== equal.size || !fields.every((f) => equal.has(f))) continue;
    return { name, by: summary.by.map((f) => equal.get(f)!), key: countKey(summary.key.map((f) => equal.get(f)!)) };
  }
  return null;
}

export interface CountAsk {
  collection: CollectionName;
  where: Filter[];
}

/**
 * Several counts, each as `store.count` answers it: those a summary serves from one getMany of all their shards, the
 * rest (no summary has their fields) counted by the store beside it.
 */
export async function tally(store: Store, asks: readonly CountAsk[]): Promise<number[]> {
  const served = asks.map((a) => summaryFor(a.collection, a.where));
  const shardsOf = served.map((s) => (s ? summaryIds(s.name, s.by) : []));
  const ids = new Set(shardsOf.flat());
  const [docs, counted] = await Promise.all([
    ids.size ? store.getMany('summaries', [...ids]) : Promise.resolve([]),
    Promise.all(asks.map((a, i) => (served[i] ? Promise.resolve(0) : store.count(a.collection, a.where)))),
  ]);
  const byId = new Map(docs.map((d) => [d._id, d]));
  return asks.map((_, i) => {
    const s = served[i];
    if (!s) return counted[i] ?? 0;
    return shardsOf[i]!.reduce((n, id) => n + (byId.get(id)?.counts[s.key] ?? 0), 0);
  });
}

/**
 * Every count of one summary for each of several sets (`by` values), shards added up: count key → count. For readers
 * that want all the values of a key field at once (the majors of a college), which `tally` cannot name in advance.
 * One getMany, like `tally`.
 */
export async function summaryCounts(store: Store, name: SummaryName, sets: readonly (readonly string[])[]): Promise<Map<string, number>[]> {
  const shardsOf = sets.map((by) => summaryIds(name, by));
  const ids = [...new Set(shardsOf.flat())];
  const docs = ids.length ? await store.getMany('summaries', ids) : [];
  const byId = new Map(docs.map((d) => [d._id, d]));
  return shardsOf.map((shards) => {
    const counts = new Map<string, number>();
    for (const id of shards) for (const [key, n] of Object.entries(byId.get(id)?.counts ?? {})) counts.set(key, (counts.get(key) ?? 0) + n);
    return counts;
  });
}

/** The values of a count key, read back; `fields` is how many the summary's key has. Only the first may hold `|`. */
export function splitCountKey(key: string, fields: number): string[] {
  const parts = key.split('|');
  if (parts.length <= fields) return parts;
  return [parts.slice(0, parts.length - fields + 1).join('|'), ...parts.slice(parts.length - fields + 1)];
}

/** The collections whose records the summaries count. */
export const SUMMARIZED_COLLECTIONS = [...OF_COLLECTION.keys()];

/** One count a summary document holds that a recount of the records does not give (counts absent are 0). */
export interface SummaryDifference {
  id: string;
  key: string;
  stored: number;
  counted: number;
}

/**
 * What the stored summary documents hold against `counted` (addDeltas of every record from nothing), count by count,
 * and the documents to write so that they hold it: each at its next version, the recounted counts alone.
 */
export function compareSummaries(stored: Iterable<SummaryDoc>, counted: SummaryDeltas): { differences: SummaryDifference[]; rewrite: SummaryDoc[] } {
  const byId = new Map([...stored].map((d) => [d._id, d]));
  const differences: SummaryDifference[] = [];
  const rewrite: SummaryDoc[] = [];
  for (const id of [...new Set([...byId.keys(), ...counted.keys()])].sort()) {
    const current = byId.get(id) ?? null;
    const want = counted.get(id) ?? new Map<string, number>();
    const has = current?.counts ?? {};
    const found: SummaryDifference[] = [];
    for (const key of new Set([...Object.keys(has), ...want.keys()])) {
      const [s, c] = [has[key] ?? 0, want.get(key) ?? 0];
      if (s !== c) found.push({ id, key, stored: s, counted: c });
    }
    if (found.length === 0) continue;
    differences.push(...found);
    rewrite.push(applyDeltas(id, current === null ? null : { ...current, counts: {} }, want));
  }
  return { differences, rewrite };
}

/** A summary document id read back: its summary, its `by` values, its shard. */
export function parseSummaryId(id: string): { name: string; by: string[]; shard: number } {
  const parts = id.split(':');
  return { name: parts[0] ?? '', by: parts.slice(1, -1).map(decodeURIComponent), shard: Number(parts.at(-1)) };
}
