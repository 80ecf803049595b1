/** What a use case is handed: the store, file storage, a message sender, the clock and an id source. */
import type { Store } from '../store/port';
import type { FileStorage } from '../storage/port';
import type { MessageSender } from '../notify/sender';

export interface Deps {
  store: Store;
  files: FileStorage;
  /** absent where messages are only queued (they stay pending for the next delivery run) */
  sender?: MessageSender;
  clock: () => Date;
  newId: () => string;
}

/** The caller, as the platform says: the openid from the WX context, never from the event. */
export interface Caller {
  openid: string;
  /**
   * The network address the call came from, as the platform saw it (the WX context's CLIENTIP, else CLIENTIPV6;
   * locally the socket's address); absent where the platform does not say. Identifies no one: it only lets calls
   * without an openid be limited per client.
   */
  client?: string;
  /** the function called, from its definition (the runtime adds it): a request id is the caller's on one function */
  fn: string;
}

/** What the platform hands the runtime; the runtime makes it a Caller of the function it invokes. */
export type PlatformCaller = Pick<Caller, 'openid' | 'client'>;
