/**
 * The runtime `npm start` runs, as a child process: `tsx server/runtime/start.ts` with DATA_DIR and PORT=0 (a free
 * port), started in its own process group. tsx runs the script in a process of its own below it, so a crash is the
 * whole group killed at once (SIGKILL to the negative pid), which no handler can soften. (npm start itself, and how
 * it stops, is tests/functions/start-signals.test.ts.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const READY = /local runtime: (http:\/\/127\.0\.0\.1:\d+)/;

export interface RuntimeProcess {
  url: string;
  /** the group's id: the pid of the process spawned */
  pid: number;
  /** SIGKILL to every process of the group; resolves when the spawned process has gone */
  crash(): Promise<void>;
  /**
   * SIGTERM to the spawned process (tsx hands it on to the runtime, which closes its store), as Ctrl-C would;
   * the whole group is killed after `graceMs` if it has not gone by then
   */
  stop(graceMs?: number): Promise<void>;
  /** everything it printed so far, for a failure's message */
  output(): string;
}

/** Starts the runtime on `dataDir` and resolves with its address once it prints it (it is then serving). */
export function startRuntime(dataDir: string, timeoutMs = 30_000, flows: 'manual' | 'default' = 'manual'): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [TSX, 'server/runtime/start.ts'], {
    cwd: ROOT,
    detached: true,
    // the manual's flows unless told otherwise: what the crash and peak runs drive is the manual's signing
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', ...(flows === 'manual' ? { DEMO_FLOWS: 'manual' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let ready: ((url: string) => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    const url = READY.exec(out)?.[1];
    if (url && ready) ready(url);
  });
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;
  const crash = async (): Promise<void> => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await exited;
  };
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const late = setTimeout(() => void crash(), graceMs);
    await exited;
    clearTimeout(late);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      ready = undefined;
      void crash().then(() => reject(new Error(`${why}:\n${out}`)));
    };
    const timer = setTimeout(() => fail(`the runtime did not start within ${timeoutMs} ms`), timeoutMs);
    const early = (): void => fail('the runtime exited before it was ready');
    child.once('exit', early);
    ready = (url) => {
      ready = undefined;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({ url, pid, crash, stop, output: () => out });
    };
  });
}
