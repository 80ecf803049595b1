import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { query } from '../../server/usecases/query';
import { invoke } from '../../server/runtime/handler';
import { functionNames } from '../../server/runtime/registry';
import { clientKey } from '../../server/domain/rateLimit';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { uploadFolder } from '../../server/storage/port';
import { initiationDraft } from '../support/agreements';
import { MANUAL_FLOWS } from '../../server/app/settings';
import { isLoopback, safeFileName, startServer, type RunningServer } from '../../server/runtime/server';
import { jpegBytes, pdfBytes, pngBytes } from '../support/files';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function request(server: RunningServer, method: string, url: string, body?: string | Buffer, openid?: string): Promise<Answer> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: openid ? { 'X-WX-OPENID': openid } : {},
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const call = (server: RunningServer, fn: string, event: unknown, openid?: string): Promise<Answer> =>
  request(server, 'POST', `/fn/${fn}`, JSON.stringify(event), openid);

async function upload(server: RunningServer, openid: string, name: string, bytes: Buffer): Promise<string> {
  const answer = await request(server, 'POST', `/upload?name=${encodeURIComponent(name)}`, bytes, openid);
  expect(answer).toMatchObject({ status: 200, body: { ok: true } });
  return (answer.body.data as { fileId: string }).fileId;
}

const messages = (dir: string): { touser: string; templateId: string }[] =>
  readFileSync(path.join(dir, 'messages.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { touser: string; templateId: string });

describe('local runtime (npm start)', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-server-'));
    server = await startServer({ port: 0, dataDir: dir, settings: MANUAL_FLOWS });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo school on first start, runs the timer once, and reports its health', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.seeded).toBe(true);
    // the timer's first run delivered the seed's 邀约通知, written to messages.log
    expect(server.firstExpiry).toEqual({ expired: 0, reminded: 0, delivered: 1, done: true });
    expect(messages(dir)).toEqual([expect.objectContaining({ touser: ZHANG, templateId: 'demo-tmpl-offer-received' })]);
    expect(await request(server, 'GET', '/healthz')).toEqual({ status: 200, body: { ok: true, store: 'sqlite', functions: functionNames } });
  });

  it('POST /fn/<name> answers exactly what the function returns for the X-WX-OPENID caller', async () => {
    const answer = await call(server, 'query', { view: 'offers' }, ZHANG);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(await invoke(query, server.deps, { openid: ZHANG }, { view: 'offers' }))));
    expect(JSON.stringify(answer.body)).toContain('offer-demo-1');

    const declined = await call(server, 'respondOffer', { action: 'decline', requestId: 'http-decline-1', offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' }, ZHANG);
    expect(declined).toEqual({ status: 200, body: { ok: true, data: { record: 'offer', id: 'offer-demo-1', state: 'declined', version: 2 } } });
    expect(messages(dir).map((m) => [m.touser, m.templateId])).toContainEqual([DEMO_OPENIDS.employer, 'demo-tmpl-offer-answered']);
  });

  it('takes identity only from the header: without it the caller is unknown, whatever the event says', async () => {
    const event = { action: 'accept', requestId: 'http-anon-1', offerId: 'offer-demo-1', version: 1, userInfo: { openId: ZHANG, appId: 'wx0' } };
    const answer = await call(server, 'respondOffer', event);
    expect(answer).toMatchObject({ status: 200, body: { ok: false, code: 'UNAUTHENTICATED' } });
  });

  it('hands the socket’s remote address on as the client: a lookup without an openid counts against 127.0.0.1', async () => {
    const bucket = `verify:${clientKey('127.0.0.1')}`;
    expect(await server.deps.store.get('ratelimits', bucket)).toBeNull();
    const answer = await call(server, 'verifyAgreement', { agreementNo: '20261000131999999' });
    expect(answer).toMatchObject({ status: 200, body: { ok: true, data: { found: false } } });
    expect(await server.deps.store.get('ratelimits', bucket)).toMatchObject({ count: 1 });
    expect(await server.deps.store.get('ratelimits', 'verify:anonymous')).toBeNull();
  });

  it('answers 404 for an unknown function or path, and 400 with a structured error for JSON it cannot parse', async () => {
    expect(await call(server, 'noSuchFunction', {}, ZHANG)).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    expect(await call(server, 'constructor', {}, ZHANG)).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    expect(await request(server, 'GET', '/fn/query', undefined, ZHANG)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const bad = await request(server, 'POST', '/fn/query', '{"view":', ZHANG);
    expect(bad).toEqual({ status: 400, body: { ok: false, code: 'INVALID_INPUT', message: '请求内容不是有效的 JSON' } });
    // an event the function's schema refuses is the function's own answer: HTTP 200
    expect(await call(server, 'query', { view: 'nope' }, ZHANG)).toMatchObject({ status: 200, body: { ok: false, code: 'INVALID_INPUT' } });
  });

  it('stores an upload under the caller’s folder and serves it back byte for byte, by a signed link only', async () => {
    const bytes = pdfBytes('录用证明');
    const fileId = await upload(server, LI, '录用证明.pdf', bytes);
    expect(fileId).toMatch(new RegExp(`^local://${uploadFolder(LI)}[0-9a-f]{20}-file\\.pdf$`));

    const res = await fetch(await server.deps.files.temporaryUrl(fileId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    // the path alone opens nothing
    expect(await request(server, 'GET', `/files/${fileId.slice('local://'.length)}`)).toEqual({
      status: 403,
      body: { ok: false, code: 'FORBIDDEN', message: '文件链接无效，请在小程序中重新打开' },
    });
  });

  it('takes an upload by its content: a PNG named .jpg is kept as .png; text named .jpg is refused', async () => {
    const png = await upload(server, LI, 'photo.jpg', pngBytes('screenshot'));
    expect(png).toMatch(/-photo\.png$/);
    const before = readdirSync(path.join(dir, 'files', uploadFolder(LI))).length;
    const text = await request(server, 'POST', '/upload?name=photo.jpg', Buffer.from('这不是图片'), LI);
    expect(text).toEqual({ status: 400, body: { ok: false, code: 'INVALID_INPUT', message: '只能上传 JPG、PNG 图片或 PDF 文件' } });
    expect(readdirSync(path.join(dir, 'files', uploadFolder(LI))).length).toBe(before);
  });

  it('refuses an upload without an openid, an empty or oversized one, and a path out of the storage folder', async () => {
    expect(await request(server, 'POST', '/upload?name=a.pdf', Buffer.from('x'))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await request(server, 'POST', '/upload?name=a.pdf', Buffer.alloc(0), ZHANG)).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const big = Buffer.concat([pdfBytes('big'), Buffer.alloc(10 * 1024 * 1024)]);
    expect(await request(server, 'POST', '/upload?name=big.pdf', big, ZHANG)).toMatchObject({ status: 413, body: { code: 'INVALID_INPUT', message: '文件不能超过 10 MB，请压缩后重新上传' } });
    expect(await request(server, 'GET', '/files/uploads/%2E%2E/%2E%2E/store.sqlite')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await request(server, 'GET', '/files/%E0%A4%A')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('an uploaded file counts as proof only for the student who uploaded it', async () => {
    const mine = await upload(server, ZHANG, 'offer.jpg', jpegBytes('张三的录用通知'));
    const theirs = await upload(server, LI, 'offer.jpg', jpegBytes('李四的录用通知'));
    const draft = initiationDraft;
    const refused = await call(server, 'initiateSigning', { action: 'submit', requestId: 'http-init-1', version: 0, draft: draft([theirs]) }, ZHANG);
    expect(refused).toMatchObject({ status: 200, body: { ok: false, code: 'FILE_NOT_OWNED' } });

    const accepted = await call(server, 'initiateSigning', { action: 'submit', requestId: 'http-init-2', version: 0, draft: draft([mine]) }, ZHANG);
    expect(accepted).toMatchObject({ status: 200, body: { ok: true, data: { record: 'agreement', state: 'pendingCollege' } } });
    const id = (accepted.body.data as { id: string }).id;
    const stored = (await server.deps.store.get('agreements', id))!;
    expect(stored.proofFiles.map((f) => f.fileId)).toEqual([mine]);
  });

  it('a restart on the same DATA_DIR keeps the data and does not seed again', async () => {
    await server.close();
    server = await startServer({ port: 0, dataDir: dir, settings: MANUAL_FLOWS });
    expect(server.seeded).toBe(false);
    expect((await server.deps.store.get('offers', 'offer-demo-1'))!.state).toBe('declined');
    expect(await server.deps.store.count('settings')).toBe(1);
    expect((await request(server, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('local runtime guards', () => {
  it('accepts only loopback addresses', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3']) expect([a, isLoopback(a)]).toEqual([a, true]);
    for (const a of ['192.168.1.5', '::ffff:10.0.0.1', '10.127.0.1', '', undefined]) expect([a, isLoopback(a)]).toEqual([a, false]);
  });

  it('makes upload names safe for a storage path, keeping the extension', () => {
    expect(safeFileName('录用证明.PDF')).toBe('file.pdf');
    expect(safeFileName('offer letter (1).jpg')).toBe('offer_letter__1_.jpg');
    expect(safeFileName('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('证明')).toBe('file');
    expect(safeFileName('  ')).toBeNull();
  });
});
