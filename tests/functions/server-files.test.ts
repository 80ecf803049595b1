/**
 * GET /files/ of the local runtime: a file is served by the signed link a view handed out, and by nothing else. The
 * runtime runs on an injected clock, so that a link's hour can pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { startServer, type RunningServer } from '../../server/runtime/server';
import type { AgreementView } from '../../typings';
import { jpegBytes } from '../support/files';

const ZHANG = DEMO_OPENIDS.student;
const HOUR = 3_600_000;
const INVALID = { ok: false, code: 'FORBIDDEN', message: '文件链接无效，请在小程序中重新打开' };
const EXPIRED = { ok: false, code: 'FORBIDDEN', message: '文件链接已过期，请刷新页面后重新打开' };

async function get(url: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

const json = (answer: { bytes: Buffer }): unknown => JSON.parse(answer.bytes.toString('utf8'));

async function post(server: RunningServer, url: string, body: string | Buffer, openid = ZHANG): Promise<{ ok: boolean; data: never }> {
  const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'X-WX-OPENID': openid }, body });
  return (await res.json()) as { ok: boolean; data: never };
}

describe('local runtime: files by signed link only', () => {
  let dir: string;
  let server: RunningServer;
  let now: number;
  const photo = jpegBytes('张三的录用通知');
  let link: string;
  let otherPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-server-files-'));
    now = Date.now();
    server = await startServer({ port: 0, dataDir: dir, clock: () => new Date(now) });
    // given 张三's agreement with two uploaded proofs, as the mini program sends them
    const upload = async (name: string, bytes: Buffer): Promise<string> =>
      ((await post(server, `/upload?name=${name}`, bytes)) as { data: { fileId: string } }).data.fileId;
    const proofs = [await upload('offer.jpg', photo), await upload('contract.jpg', jpegBytes('劳动合同'))];
    const draft = {
      employer: { employerId: DEMO_EMPLOYER_ID },
      proofFiles: proofs,
      job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
      file: { transfer: false },
      hukou: { migrate: false },
    };
    expect(await post(server, '/fn/initiateSigning', JSON.stringify({ action: 'submit', requestId: 'files-init-1', version: 0, draft }))).toMatchObject({ ok: true });
    // when the student opens the agreement, the view carries a link per proof
    const view = (await post(server, '/fn/query', JSON.stringify({ view: 'agreement' }))).data as AgreementView;
    link = view.proofFiles[0]!.url!;
    otherPath = `/files/${view.proofFiles[1]!.fileId.slice('local://'.length)}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the file by the link the view handed out', async () => {
    expect(link.startsWith(`${server.url}/files/uploads/`)).toBe(true);
    expect(await get(link)).toEqual({ status: 200, bytes: photo, type: 'image/jpeg' });
  });

  it('refuses the bare path, a changed signature or expiry, and another file’s path under this signature', async () => {
    const u = new URL(link);
    const sign = u.searchParams.get('sign')!;
    const expires = u.searchParams.get('expires')!;
    const flipped = `${sign.slice(0, -1)}${sign.endsWith('0') ? '1' : '0'}`;
    const refused = [
      `${server.url}${u.pathname}`,
      `${server.url}${u.pathname}?expires=${expires}`,
      `${server.url}${u.pathname}?expires=${expires}&sign=${flipped}`,
      `${server.url}${u.pathname}?expires=${Number(expires) + 86_400}&sign=${sign}`,
      `${server.url}${u.pathname}?expires=${expires}&sign=`,
      `${server.url}${otherPath}${u.search}`,
    ];
    for (const url of refused) {
      const answer = await get(url);
      expect([url, answer.status, json(answer)]).toEqual([url, 403, INVALID]);
    }
  });

  it('survives a restart within its hour (the key is kept in DATA_DIR), and is refused once the hour is over', async () => {
    await server.close();
    server = await startServer({ port: 0, dataDir: dir, clock: () => new Date(now) });
    const again = link.replace(/^http:\/\/127\.0\.0\.1:\d+/, server.url);
    now += HOUR;
    expect((await get(again)).status).toBe(200);
    now += 1000;
    const late = await get(again);
    expect([late.status, json(late)]).toEqual([403, EXPIRED]);
    expect(late.bytes.includes(photo)).toBe(false);
  });
});
