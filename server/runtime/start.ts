/** `npm start`: the local runtime on 127.0.0.1 (PORT, default 3000) with its data in DATA_DIR (default .data). */
import { DEMO_INVITE_CODE, DEMO_OPENIDS } from './seed';
import { lookup } from './registry';
import { startServer } from './server';

const WHO: Record<keyof typeof DEMO_OPENIDS, string> = {
  student: '学生 张三（生源核查已通过，有一份待处理邀约）',
  student2: '学生 李四（生源核查未开始）',
  employer: '用人单位 深圳示例科技有限公司 HR',
  collegeReviewer: '院系审核 计算机学院',
  collegeReviewerEm: '院系审核 经济管理学院',
  schoolReviewer: '学校审核 就业指导中心',
};

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const server = await startServer({ port, dataDir: process.env.DATA_DIR ?? '.data', log: (line) => console.log(line) });
  const example = lookup('query')
    ? { fn: 'query', body: '{"view":"home"}' }
    : { fn: 'respondOffer', body: '{"action":"decline","requestId":"demo-decline-1","offerId":"offer-demo-1","version":1,"reason":"已有其他安排"}' };
  console.log(
    [
      '',
      `网签三方协议 local runtime: ${server.url}  (data: ${server.dataDir}${server.seeded ? ', demo school seeded now' : ''})`,
      '',
      'Demo openids (send as the X-WX-OPENID header):',
      ...Object.entries(DEMO_OPENIDS).map(([k, openid]) => `  ${openid.padEnd(18)} ${WHO[k as keyof typeof DEMO_OPENIDS]}`),
      `Employer invite code: ${DEMO_INVITE_CODE}`,
      '',
      `Try: curl -s -X POST ${server.url}/fn/${example.fn} -H 'Content-Type: application/json' -H 'X-WX-OPENID: ${DEMO_OPENIDS.student}' -d '${example.body}'`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
