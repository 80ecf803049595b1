/**
 * docs/deploy.md and the README's going-live steps tell a school what to create and run: they must say what the code
 * uses (collections, indexes, timeouts, runtime, message purposes and their keywords, the settings key, commands).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { READ_ONLY } from '../../scripts/build';
import { UPLOAD_KEY_VARS } from '../../scripts/deploy/ci';
import { DEFAULT_TIMEOUT, RUNTIME, TIMEOUTS } from '../../scripts/deploy/plan';
import { PROBE_EVENT } from '../../server/runtime/probe';
import { NO_PERMISSION_CODES } from '../../server/notify/sender';
import { PURPOSES } from '../../server/domain/messages';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';
import { DEFAULT_SETTINGS } from '../../server/app/settings';

const doc = readFileSync(path.join(__dirname, '../../docs/deploy.md'), 'utf8');
const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const tableRow = (text: string, first: string): string | undefined => text.split('\n').find((line) => line.trim().startsWith(`| ${first} `));
const ticked = (line: string): string[] => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('docs/deploy.md', () => {
  it('names every collection', () => {
    for (const name of COLLECTION_NAMES) expect(doc).toContain(`\`${name}\``);
  });

  it('lists exactly the indexes of INDEXES, collection by collection', () => {
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      const row = tableRow(doc, collection);
      expect(row).toBeDefined();
      expect(ticked(row!)).toEqual(indexes!.map((fields) => fields.join(', ')));
    }
  });

  it('gives each function the timeout npm run deploy sets', () => {
    for (const [name, seconds] of Object.entries(TIMEOUTS)) {
      const row = tableRow(doc, `\`${name}\``);
      expect([name, row?.split('|')[2]?.replace(/\*/g, '').trim()]).toEqual([name, expect.stringMatching(new RegExp(`^${seconds} s\\b`))]);
    }
    expect(tableRow(doc, 'others')?.split('|')[2]?.trim()).toBe(`${DEFAULT_TIMEOUT} s`);
  });

  it('describes npm run deploy: credentials, runtime, dry run, only', () => {
    for (const text of ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY', 'npm run deploy -- --dry-run', '--only', `**${RUNTIME}**`, '-604101']) {
      expect([text, doc.includes(text)]).toEqual([text, true]);
    }
  });

  it('says how the openapi permission is applied (the upload key the code reads) and checked (the probe event it sends)', () => {
    const section = doc.slice(doc.indexOf('**Openapi permission.**'), doc.indexOf('## 2b.')).replace(/\s+/g, ' ');
    for (const text of [...UPLOAD_KEY_VARS, 'miniprogram-ci', 'npm run deploy -- --check', JSON.stringify(PROBE_EVENT), ...NO_PERMISSION_CODES.filter((c) => c < 0).map(String)]) {
      expect([text, section.includes(text)]).toEqual([text, true]);
    }
    // the functions named as needing none are exactly those the build gives none
    expect(section).toContain([...READ_ONLY].map((n) => `\`${n}\``).join(', ').replace(/, ([^,]*)$/, ' and $1'));
    // the DevTools alternative says how to check its upload too
    expect(doc.slice(doc.indexOf('## 2b.'), doc.indexOf('## 3.'))).toContain('npm run deploy -- --check');
  });
});

describe.each([
  ['docs/deploy.md', doc],
  ['README.md', readme],
])('%s: subscription-message purposes', (_file, text) => {
  it('lists every purpose with its keyword fields in order', () => {
    for (const [purpose, fields] of Object.entries(PURPOSES)) {
      const row = tableRow(text, `\`${purpose}\``);
      expect([purpose, row && ticked(row).slice(1)]).toEqual([purpose, [...fields]]);
    }
  });

  it('puts the template ids under the settings key the code reads', () => {
    expect(DEFAULT_SETTINGS).toHaveProperty('templates');
    expect(text).toContain('npm run admin -- settings set templates.');
  });
});

describe('README going live', () => {
  const section = readme.slice(readme.indexOf('### Going live'));

  it('still opens with the two commands', () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(first.split('\n').filter(Boolean).map((l) => l.split('#')[0]!.trim())).toEqual(['npm install && npm start', 'npm test']);
  });

  it('takes a school from nothing to live in seven numbered steps, the commands in the order they must run', () => {
    const steps = [...section.matchAll(/^(\d)\. \*\*/gm)].map((m) => m[1]);
    expect(steps).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const at = (text: string): number => section.indexOf(text);
    const order = [
      'npm run admin -- setup',
      'npm run admin -- import-roster',
      'npm run admin -- import-employers',
      'npm run admin -- invite collegeReviewer --college',
      'npm run deploy',
      'project.config.json',
      '提交审核',
    ];
    for (const text of order) expect([text, at(text) >= 0]).toEqual([text, true]);
    expect(order.map(at)).toEqual(order.map(at).sort((a, b) => a - b));
    // the template ids are chosen in step 2 (before setup) and written with settings set
    const templates = at('npm run admin -- settings set templates.');
    expect(templates).toBeGreaterThan(at('2. **'));
    expect(templates).toBeLessThan(at('3. **'));
    for (const v of ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY', '访问管理', '构建npm', ...UPLOAD_KEY_VARS, '小程序代码上传', 'npm run deploy -- --check']) {
      expect([v, section.includes(v)]).toEqual([v, true]);
    }
  });
});
