/** Every admin command, in the order `npm run admin -- --help` lists them. */
import type { AdminCommand } from '../command';
import { backup } from './backup';
import { exportReport } from './export';
import { importEmployers } from './importEmployers';
import { importRoster } from './importRoster';
import { invite } from './invite';
import { outbox } from './outbox';
import { recount } from './recount';
import { restore } from './restore';
import { sealContent } from './sealContent';
import { settings } from './settings';
import { setup } from './setup';
import { verifyAudit } from './verifyAudit';

export const commands: readonly AdminCommand[] = [
  setup,
  settings,
  importRoster,
  importEmployers,
  invite,
  exportReport,
  outbox,
  verifyAudit,
  sealContent,
  recount,
  backup,
  restore,
];

/** Commands that may start a local store that does not exist yet; the others refuse to create one by accident. */
export const CREATES_STORE: ReadonlySet<string> = new Set([setup.name, restore.name]);

export const findCommand = (name: string): AdminCommand | undefined => commands.find((c) => c.name === name);
