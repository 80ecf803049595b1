/**
 * What a developer reads from the local runtime: the request log says what each function answered (a refusal is
 * HTTP 200 too), and the demo roster in the startup banner is read from the store, so a restart shows what changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoRoster } from '../../server/runtime/demoRoster';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { startServer } from '../../server/runtime/server';

const post = (url: string, fn: string, openid: string, event: unknown) =>
  fetch(`${url}/fn/${fn}`, { method: 'POST', headers: { 'X-WX-OPENID': openid }, body: JSON.stringify(event) });

describe('local runtime, as a developer reads it', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-dev-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given calls that succeed and are refused, when logged, then each line carries the result code', async () => {
    const lines: string[] = [];
    const server = await startServer({ port: 0, dataDir: dir, log: (line) => lines.push(line) });
    try {
      await post(server.url, 'query', DEMO_OPENIDS.student, { view: 'home' });
      await post(server.url, 'query', DEMO_OPENIDS.student, { view: 'offer', id: 'no-such-offer' });
      await post(server.url, 'respondOffer', DEMO_OPENIDS.student, { action: 'decline', requestId: 'req-log-0001', offerId: 'offer-demo-1', version: 1 });
      await post(server.url, 'nothing', DEMO_OPENIDS.student, {});
    } finally {
      await server.close();
    }
    const requests = lines.filter((l) => l.startsWith('POST '));
    expect(requests.map((l) => / → (\d+ \S+) /.exec(l)?.[1])).toEqual(['200 OK', '200 NOT_FOUND', '200 REASON_REQUIRED', '404 NOT_FOUND']);
  });

  it('given 张三 declined his offer, when the runtime starts again on the same data, then the banner says so', async () => {
    const first = await startServer({ port: 0, dataDir: dir });
    expect(await demoRoster(first.deps)).toContainEqual(expect.stringMatching(/^ {2}demo-student {7}学生 张三（生源核查审核通过，有 1 份待处理邀约）$/));
    const declined = await post(first.url, 'respondOffer', DEMO_OPENIDS.student, { action: 'decline', requestId: 'req-roster-01', offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' });
    expect(await declined.json()).toMatchObject({ ok: true });
    await first.close();

    const again = await startServer({ port: 0, dataDir: dir });
    try {
      expect(again.seeded).toBe(false);
      const roster = await demoRoster(again.deps);
      expect(roster).toContainEqual(expect.stringContaining('学生 张三（生源核查审核通过，没有待处理邀约）'));
      expect(roster).toContainEqual(expect.stringContaining('学生 李四（生源核查未开始，没有待处理邀约）'));
      expect(roster).toHaveLength(Object.keys(DEMO_OPENIDS).length);
    } finally {
      await again.close();
    }
  });
});
