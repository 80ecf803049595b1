/**
 * Times in subscription messages are read by people in China. Cloud functions run with the machine's zone at UTC+0
 * (npm test pins TZ=Asia/Shanghai, which hid it), so a message's time must not depend on the machine's zone. Jest's
 * sandbox does not take a changed TZ, so the formatter runs in a child process with the zone set.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** formatTime and the 邀约通知's time3, as a process in `zone` makes them. */
function formatIn(zone: string, isos: string[]): string[] {
  const script = [
    "import { formatTime, message } from './server/domain/messages';",
    `const isos = ${JSON.stringify(isos)};`,
    "const doc = message({ purpose: 'offerReceived', to: 'o1', page: 'p', values: ['单位', '岗位', formatTime(isos[0])], now: isos[0], id: 'm1' });",
    'console.log(JSON.stringify([...isos.map(formatTime), doc.data.time3]));',
  ].join('\n');
  const out = execFileSync(TSX, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: zone } });
  return JSON.parse(out.trim()) as string[];
}

describe('times in subscription messages', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Shanghai'])('are Beijing time on a machine set to %s', (zone) => {
    // the second is past midnight in Beijing while still the day before in UTC
    expect(formatIn(zone, ['2026-03-02T02:00:00.000Z', '2026-06-30T16:30:00.000Z'])).toEqual([
      '2026年3月2日 10:00',
      '2026年7月1日 00:30',
      '2026年3月2日 10:00',
    ]);
  });
});
