/**
 * `npm start`: the local runtime on 127.0.0.1 (PORT, default 3000) with its data in DATA_DIR (default .data).
 *
 * It runs in one process (`node --import tsx`, no tsx supervisor below it) and ends on SIGINT, SIGTERM or SIGHUP,
 * closing its store first. `kill <pid of npm start>` reaches npm, which hands the signal to the shell it ran the script
 * in, and the shell dies without passing it on: so the runtime also ends when the process that started it has gone.
 */
import { execFileSync } from 'node:child_process';
import { lookup } from './registry';
import { demoRoster } from './demoRoster';
import { DEMO_INVITE_CODE, DEMO_OPENIDS } from './seed';
import { startServer } from './server';
import { MANUAL_FLOWS } from '../app/settings';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const PARENT_CHECK_MS = 500;

/** Whether a process is still there: signal 0 tests without sending anything (EPERM: there, not ours). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A process's parent, by `ps` (Linux and macOS alike); null where there is no `ps` to ask. */
function parentOf(pid: number): number | null {
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * The processes whose end ends the runtime: its parent, and under `npm start` npm itself above the shell (npm killed
 * by SIGHUP leaves the shell waiting on the runtime). pid 1 adopts every orphan and is never watched.
 */
function starters(): number[] {
  const parent = process.ppid;
  const npm = process.env.npm_lifecycle_event ? parentOf(parent) : null;
  return [parent, npm].filter((pid): pid is number => pid !== null && pid > 1);
}

async function main(): Promise<void> {
  const watched = starters();
  const port = Number(process.env.PORT ?? 3000);
  // DEMO_FLOWS=manual: a fresh demo school runs the manual's flows (README: the curl walk-through), else the defaults
  const settings = process.env.DEMO_FLOWS === 'manual' ? MANUAL_FLOWS : {};
  const server = await startServer({ port, dataDir: process.env.DATA_DIR ?? '.data', log: (line) => console.log(line), settings });
  const example = lookup('query')
    ? { fn: 'query', body: '{"view":"home"}' }
    : { fn: 'respondOffer', body: '{"action":"decline","requestId":"demo-decline-1","offerId":"offer-demo-1","version":1,"reason":"已有其他安排"}' };
  console.log(
    [
      '',
      `网签三方协议 local runtime: ${server.url}  (data: ${server.dataDir}${server.seeded ? ', demo school seeded now' : ''})`,
      '',
      'Demo openids (send as the X-WX-OPENID header), as the store has them now:',
      ...(await demoRoster(server.deps)),
      `Employer invite code: ${DEMO_INVITE_CODE}`,
      '',
      `Try: curl -s -X POST ${server.url}/fn/${example.fn} -H 'Content-Type: application/json' -H 'X-WX-OPENID: ${DEMO_OPENIDS.student}' -d '${example.body}'`,
      '',
      `Stop: Ctrl-C, or kill ${process.pid} (or the pid of npm start); the store is closed before it exits.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (why: string): void => {
    // a second signal while closing ends it at once, as a second Ctrl-C is meant to
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`Stopping (${why})…`);
    void server.close().then(() => process.exit(0));
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  if (watched.length > 0) {
    const watch = setInterval(() => {
      if (watched.every(alive)) return;
      clearInterval(watch);
      stop('the process that started it has ended');
    }, PARENT_CHECK_MS);
    watch.unref();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
