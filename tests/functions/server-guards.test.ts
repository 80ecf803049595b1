/**
 * The local runtime lets whoever reaches it act as any openid, so "only this machine" has to hold for what a browser
 * can be made to send too (a page that rebinds its own host name to 127.0.0.1 is same-origin with the runtime and may
 * set any header), and a file served from DATA_DIR must be one stored there, not one a link points at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { startServer, type RunningServer } from '../../server/runtime/server';
import { LocalFileStorage } from '../../server/storage/local';
import { signature } from '../../server/storage/signedLinks';
import { LINK_KEY_FILE } from '../../server/runtime/linkKey';

interface Answer {
  status: number;
  body: string;
}

/** A raw request: fetch will not send a Host header of our choosing. */
function raw(server: RunningServer, options: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('local runtime: who may call and what it serves', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-server-guards-'));
    server = await startServer({ port: 0, dataDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const home = (headers: Record<string, string>) =>
    raw(server, { method: 'POST', path: '/fn/query', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"view":"home"}' });

  it('refuses a request addressed to another host name, as a rebound web page would send it', async () => {
    const rebound = await home({ Host: `attacker.example:${new URL(server.url).port}`, 'X-WX-OPENID': DEMO_OPENIDS.schoolReviewer });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(rebound.body).not.toContain('schoolReviewer');
    const files = await raw(server, { method: 'GET', path: '/healthz', headers: { Host: 'attacker.example' } });
    expect(files.status).toBe(403);
  });

  it('answers the names this machine goes by, with or without the port', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost', `LOCALHOST:${port}`]) {
      const answer = await home({ Host: host, 'X-WX-OPENID': DEMO_OPENIDS.student });
      expect([host, answer.status, JSON.parse(answer.body).ok]).toEqual([host, 200, true]);
    }
  });

  it('X-Forwarded-For and friends change nothing: the caller is the header openid on a loopback socket', async () => {
    const plain = JSON.parse((await home({ 'X-WX-OPENID': DEMO_OPENIDS.student })).body) as { data: { role: string } };
    const forwarded = JSON.parse(
      (await home({ 'X-WX-OPENID': DEMO_OPENIDS.student, 'X-Forwarded-For': '203.0.113.9', Forwarded: 'for=203.0.113.9', 'X-Real-IP': '203.0.113.9' })).body,
    ) as { data: { role: string } };
    expect(forwarded).toEqual(plain);
    expect(plain.data.role).toBe('student');
  });

  it('an event over 1 MB is refused with 413, and the runtime still answers afterwards', async () => {
    const big = JSON.stringify({ view: 'home', pad: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await raw(server, { method: 'POST', path: '/fn/query', headers: { 'Content-Type': 'application/json', 'X-WX-OPENID': DEMO_OPENIDS.student }, body: big });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect((await home({ 'X-WX-OPENID': DEMO_OPENIDS.student })).status).toBe(200);
  });

  it('a function that fails inside answers INTERNAL in Chinese, with nothing of the error in the response', async () => {
    const store = server.deps.store;
    const original = store.get.bind(store);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    store.get = (() => Promise.reject(new Error('disk I/O error at /home/dev/.data/store.sqlite'))) as typeof store.get;
    try {
      const answer = await home({ 'X-WX-OPENID': DEMO_OPENIDS.student });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
      expect(answer.body).not.toMatch(/disk|sqlite|at \//);
    } finally {
      store.get = original;
      errors.mockRestore();
    }
  });

  it('does not serve a file that a link in the storage folder points at outside DATA_DIR', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'wq-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret.txt'), 'not for the runtime to serve');
      const files = path.join(dir, 'files');
      mkdirSync(path.join(files, 'uploads'), { recursive: true });
      symlinkSync(path.join(outside, 'secret.txt'), path.join(files, 'uploads', 'link.txt'));
      symlinkSync(outside, path.join(files, 'uploads', 'linkdir'));
      // signed with the runtime's own key, as if a function had linked them: the signature is not the only guard
      const key = readFileSync(path.join(dir, LINK_KEY_FILE));
      const expires = Math.floor(Date.now() / 1000) + 600;
      for (const p of ['uploads/link.txt', 'uploads/linkdir/secret.txt']) {
        const answer = await raw(server, { method: 'GET', path: `/files/${p}?expires=${expires}&sign=${signature(key, p, expires)}` });
        expect([p, answer.status]).toEqual([p, 404]);
        expect(answer.body).not.toContain('not for the runtime');
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('LocalFileStorage and links', () => {
  it('neither reads nor writes through a link that leaves its folder', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wq-root-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'wq-outside-'));
    try {
      writeFileSync(path.join(outside, 'target.txt'), 'untouched');
      mkdirSync(path.join(root, 'agreements'));
      symlinkSync(path.join(outside, 'target.txt'), path.join(root, 'agreements', 'a.pdf'));
      symlinkSync(outside, path.join(root, 'uploads'));
      const files = new LocalFileStorage(root);
      expect(await files.read('local://agreements/a.pdf')).toBeNull();
      expect(await files.read('local://uploads/target.txt')).toBeNull();
      await expect(files.write('agreements/a.pdf', Buffer.from('%PDF-overwritten'))).rejects.toThrow();
      await expect(files.write('uploads/new.txt', Buffer.from('planted'))).rejects.toThrow();
      expect(readFileSync(path.join(outside, 'target.txt'), 'utf8')).toBe('untouched');
      expect(() => readFileSync(path.join(outside, 'new.txt'))).toThrow();
      // nor links to them
      expect(await files.temporaryUrls(['local://agreements/a.pdf', 'local://uploads/target.txt'])).toEqual(new Map());
      // an ordinary file inside the folder still works both ways, and is linked
      const id = await files.write('uploads2/ok.txt', Buffer.from('fine'));
      expect((await files.read(id))?.toString()).toBe('fine');
      expect([...(await files.temporaryUrls([id])).keys()]).toEqual([id]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
