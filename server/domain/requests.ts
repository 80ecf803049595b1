/**
 * A client's request id names one request of one caller: one function, one action, one body. Its first answer is
 * kept with a fingerprint of what it asked, so that a retry (the same request again) is told apart from another
 * request sent under the same id, which must not be answered with the first one's result.
 */
import { canonicalJson, sha256 } from './audit';
import { refuse } from './errors';
import type { RequestDoc } from './types';

/**
 * The function and the event without its id (the action is in the event). Taken from the parsed event, so that
 * key order, surrounding spaces and the other things parsing settles do not make a retry another request.
 */
export function fingerprint(fn: string, event: { requestId: string }): string {
  const asked: Record<string, unknown> = { ...event };
  delete asked.requestId;
  return sha256(canonicalJson({ fn, event: asked }));
}

/**
 * The first answer, when the request stored under this id is this one; null when none is stored. Another request
 * under the id is refused before anything runs. A request stored before fingerprints were kept has none and
 * answers as it always did: only a retry straddling that change can meet one.
 */
export function replay(stored: RequestDoc | null, asked: string): { result: unknown } | null {
  if (!stored) return null;
  if (stored.fingerprint !== undefined && stored.fingerprint !== asked) return refuse('REQUEST_ID_REUSED');
  return { result: stored.result };
}
