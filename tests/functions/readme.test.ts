/**
 * The README's scenario 1, run as written: its shell block against a fresh local runtime. If the README and the
 * functions drift apart, this fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MANUAL_FLOWS } from '../../server/app/settings';
import { startServer, type RunningServer } from '../../server/runtime/server';

function scenarioBlock(): string {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Scenario 1'));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no scenario 1 shell block');
  return match[1];
}

describe('README scenario 1 (curl against npm start)', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-readme-'));
    server = await startServer({ port: 0, dataDir: dir, settings: MANUAL_FLOWS });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes an offer from invitation to a signed, printable agreement', async () => {
    const script = scenarioBlock().replaceAll('http://127.0.0.1:3000', server.url);
    expect(script).not.toContain('127.0.0.1:3000');
    // each command's answer on its own line, and stop at the first failure; asynchronously, as the server is in
    // this very process
    const { stdout: out } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script.replace(/; }\n/, '; echo; }\n')], { encoding: 'utf8', timeout: 60_000 });
    const answers = out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { ok: boolean; data: Record<string, unknown> });
    expect(answers.every((a) => a.ok)).toBe(true);
    const agreement = answers.find((a) => a.data.agreementNo && a.data.timeline)!.data;
    expect(agreement).toMatchObject({ state: 'signed', agreementNo: '20261000131000001', canPrint: true });
    expect((agreement.timeline as { action: string }[]).map((t) => t.action)).toEqual(['createFromOffer', 'collegeApprove', 'schoolApprove']);
    const printed = answers[answers.length - 1]!.data;
    expect(printed).toMatchObject({ agreementNo: '20261000131000001', pages: 4 });
    const pdf = await fetch(String(printed.url));
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
