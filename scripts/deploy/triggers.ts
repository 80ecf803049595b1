/**
 * Bringing a function's timers in the cloud to what its config.json declares: pure. A trigger cannot be edited in
 * place, so a changed one is deleted and created again; one no longer declared is deleted, so that a renamed timer
 * does not go on firing beside the new one.
 */
import type { Trigger } from './plan';

/** A trigger as the cloud reports it: SCF describes a timer as `{"cron":"…"}`, or as the bare cron text. */
export interface RemoteTrigger {
  name: string;
  type: string;
  desc: string;
}

export const cronOf = (desc: string): string => {
  try {
    const parsed: unknown = JSON.parse(desc);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { cron?: unknown }).cron === 'string') {
      return (parsed as { cron: string }).cron.trim();
    }
  } catch {
    // not JSON: the bare cron text
  }
  return desc.trim();
};

export interface TriggerSync {
  /** names to delete first */
  remove: string[];
  create: Trigger[];
  /** names already as declared */
  keep: string[];
}

export function syncTriggers(remote: readonly RemoteTrigger[], wanted: readonly Trigger[]): TriggerSync {
  const sync: TriggerSync = { remove: [], create: [], keep: [] };
  for (const w of wanted) {
    const r = remote.find((t) => t.name === w.name);
    if (r && r.type === w.type && cronOf(r.desc) === w.config.trim()) {
      sync.keep.push(w.name);
      continue;
    }
    if (r) sync.remove.push(r.name);
    sync.create.push(w);
  }
  for (const r of remote) {
    if (!wanted.some((w) => w.name === r.name)) sync.remove.push(r.name);
  }
  return sync;
}
