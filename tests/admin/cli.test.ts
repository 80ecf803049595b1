/** The command line itself: help without a store, usage errors (exit 2), refusals (exit 1), the store it opens. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main, type CliIo } from '../../admin/cli';
import { commands } from '../../admin/commands';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env, out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run admin', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-cli-'));
    env = { DATA_DIR: path.join(dir, 'data') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists every command with its summary', async () => {
    for (const argv of [['--help'], [], ['-h']]) {
      const r = await cli(argv, env);
      expect(r.code).toBe(0);
      for (const c of commands) expect(r.out).toContain(`${c.name}`);
      for (const c of commands) expect(r.out).toContain(c.summary);
    }
    expect(commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(['setup', 'settings', 'invite', 'export', 'verify-audit', 'backup', 'restore', 'import-roster', 'import-employers']),
    );
  });

  it('every command answers --help with its own usage and examples, without opening (or creating) a store', async () => {
    for (const c of commands) {
      const r = await cli([c.name, '--help'], env);
      expect(r.code).toBe(0);
      expect(r.out).toBe(c.help);
      expect(r.out).toContain(`npm run admin -- ${c.name}`);
    }
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('an unknown command is a usage error (exit 2) naming the commands there are', async () => {
    const r = await cli(['stup'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('没有命令「stup」');
    expect(r.err).toContain('setup');
  });

  it('an unknown option or a missing value is a usage error in Chinese (exit 2)', async () => {
    await cli(['setup'], env);
    const unknown = await cli(['invite', 'schoolReviewer', '--dayz', '3'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('未知选项 --dayz');
    const missing = await cli(['invite', 'schoolReviewer', '--days'], env);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('选项 --days 后面需要一个值');
    const extra = await cli(['setup', 'now'], env);
    expect(extra.code).toBe(2);
    expect(extra.out).toContain('多余的参数：now');
  });

  it('part of the CloudBase credentials is a usage error that names the missing ones; no store is opened', async () => {
    const r = await cli(['settings', 'get'], { ...env, TCB_ENV_ID: 'env-1', TCB_SECRET_ID: 'id' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('缺少 TCB_SECRET_KEY');
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('a command other than setup or restore refuses (exit 1) to start a local store that does not exist', async () => {
    const r = await cli(['settings', 'get'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('store.sqlite 不存在');
    expect(existsSync(path.join(dir, 'data', 'store.sqlite'))).toBe(false);
  });

  it('setup creates the local store in DATA_DIR, the file npm start uses; then other commands work on it', async () => {
    const made = await cli(['setup'], env);
    expect(made.code).toBe(0);
    expect(made.out).toContain(`local (${path.join(dir, 'data', 'store.sqlite')})`);
    expect(existsSync(path.join(dir, 'data', 'store.sqlite'))).toBe(true);
    const got = await cli(['settings', 'get', 'offerTtlDays'], env);
    expect(got).toEqual({ code: 0, out: '14', err: '' });
  });

  it('DATA_DIR defaults to .data, as for npm start', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cli(['settings', 'get'], {});
      expect(r.err).toContain(path.join('.data', 'store.sqlite'));
    } finally {
      process.chdir(cwd);
    }
  });
});
