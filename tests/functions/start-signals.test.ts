/**
 * `npm start` stops the way a developer stops it: `kill <pid>` of npm start (npm hands SIGTERM to the shell it ran the
 * script in, which dies without passing it on), or a signal to the runtime itself. Either way the port closes and no
 * process it started lives on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const READY = /local runtime: (http:\/\/127\.0\.0\.1:\d+)/;
const RUNTIME_PID = /kill (\d+) /;

interface Started {
  npm: ChildProcess;
  url: string;
  /** the runtime's own pid, as the banner names it */
  runtime: number;
  output: () => string;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** polls until `done` or the deadline; the deadline only keeps a broken stop from hanging the suite */
async function until(done: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return done();
}

const listening = (url: string): Promise<boolean> =>
  fetch(`${url}/healthz`).then(
    () => true,
    () => false,
  );

/** `npm start` exactly as package.json has it, in a process group of its own so the test can clean up after a failure */
function npmStart(dataDir: string): Promise<Started> {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  expect(script).toMatch(/server\/runtime\/start\.ts/);
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its banner:\n${out}`)), 60_000);
    npm.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const url = READY.exec(out)?.[1];
      const runtime = RUNTIME_PID.exec(out)?.[1];
      if (url && runtime) {
        clearTimeout(timer);
        resolve({ npm, url, runtime: Number(runtime), output: () => out });
      }
    });
  });
}

describe('stopping npm start', () => {
  let dir: string;
  const groups: number[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-stop-'));
  });
  afterAll(() => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['SIGTERM', 'npm start'],
    ['SIGHUP', 'npm start'],
    // Ctrl-C: the terminal signals the whole foreground group
    ['SIGINT', 'the group'],
    ['SIGHUP', 'the runtime'],
  ] as const)('given it is serving, when %s is sent to %s, then the port closes and nothing it started survives', async (signal, target) => {
    const started = await npmStart(path.join(dir, `${signal}-${target.replace(' ', '-')}`));
    groups.push(started.npm.pid!);
    expect(await listening(started.url)).toBe(true);
    expect(started.output()).toContain('Stop: Ctrl-C, or kill');

    process.kill(target === 'npm start' ? started.npm.pid! : target === 'the group' ? -started.npm.pid! : started.runtime, signal);

    expect({ portClosed: await until(async () => !(await listening(started.url))), out: started.output() }).toMatchObject({ portClosed: true });
    expect(await until(() => !alive(started.runtime))).toBe(true);
    // the whole group: npm, its shell, the runtime and anything below it
    expect(await until(() => !alive(-started.npm.pid!))).toBe(true);
  });
});
