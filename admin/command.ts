/**
 * One admin command: `npm run admin -- <name> [args] [--options]`. The command line (admin/cli.ts) parses nothing
 * but the command name; each command parses its own arguments (node:util parseArgs) so that its `--help` is exact.
 */
import type { FileStorage } from '../server/storage/port';
import type { Store } from '../server/store/port';
import type { Backend } from './backend';

export interface AdminContext {
  /** the store the command works on: the local SQLite store, or CloudBase when its env id and keys are set */
  store: Store;
  /** the files the store's audit entries attach (local: DATA_DIR/files; CloudBase: its cloud storage) */
  files?: FileStorage;
  /** where the store is, for messages: `local (.data/store.sqlite)` or `cloudbase (env-id)` */
  target: string;
  clock: () => Date;
  newId: () => string;
  /** a line for the person at the terminal */
  out: (line: string) => void;
  /** true when stdout is a terminal: draw progress bars; otherwise print plain progress lines */
  interactive: boolean;
  /**
   * What the store port does not offer and only setup and restore need: creating collections and indexes, client
   * permissions, emptying a collection. Absent in a context built around a bare store (setup and restore refuse).
   */
  backend?: Backend;
}

export interface AdminCommand {
  name: string;
  /** one line for `npm run admin -- --help` */
  summary: string;
  /** the full text for `npm run admin -- <name> --help` */
  help: string;
  /** resolves to the process exit code: 0 done, 1 refused (bad input, nothing changed), 2 usage error */
  run(args: string[], ctx: AdminContext): Promise<number>;
}
