/**
 * The deploy path after a real build, short of the cloud: the committed function folders are built in a scratch
 * project, planned, and staged as `npm run deploy` uploads them; then each upload folder, alone in a temporary
 * directory with nothing but its own files (no src/, no project, no node_modules above it), is loaded and run with
 * an offline stand-in for wx-server-sdk. tests/functions/build.test.ts checks the folders themselves.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASSETS, build, folderOf, LAZY, OPENAPI_SEND, READ_ONLY, ROOT, TIMED, TIMER } from '../../scripts/build';
import { readFolders, stage } from '../../scripts/deploy/folders';
import { planDeploy, type DeployPlan } from '../../scripts/deploy/plan';
import { PROBE_TEMPLATE, PROBE_TOUSER } from '../../server/runtime/probe';
import { functionNames } from '../../server/runtime/registry';
import { bundleFakeSdk } from '../support/bundleFakeSdk';

const list = (dir: string, prefix = ''): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? list(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );

describe('deploy plan and upload folders from a real build', () => {
  let project: string;
  let stageRoot: string;
  let plan: DeployPlan;

  beforeAll(async () => {
    // a scratch project holding copies of the committed folders, so that this build never races another test's
    project = mkdtempSync(path.join(tmpdir(), 'wq-deploy-build-'));
    for (const dir of ['server', 'typings', 'assets']) symlinkSync(path.join(ROOT, dir), path.join(project, dir), 'dir');
    for (const name of functionNames) {
      for (const rel of ['src/index.ts', 'package.json', 'config.json']) {
        const to = path.join(folderOf(name, project), rel);
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(folderOf(name), rel), to);
      }
    }
    await build({ root: project, quiet: true });
    plan = planDeploy(functionNames, readFolders(functionNames, project));
    // outside any project: nothing above it can satisfy a require that the upload folder itself does not
    stageRoot = mkdtempSync(path.join(tmpdir(), 'wq-upload-'));
    for (const fn of plan.functions) stage(fn, project, stageRoot);
  }, 120_000);

  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(stageRoot, { recursive: true, force: true });
  });

  it('plans exactly the registered functions from the committed folders, with no problem', () => {
    expect(plan.problems).toEqual([]);
    expect(plan.functions.map((f) => f.name)).toEqual([...functionNames].sort());
  });

  it('carries each committed config.json: the openapi permission where a message can be queued, the timer where the registry runs one', () => {
    for (const fn of plan.functions) {
      const committed = JSON.parse(readFileSync(path.join(folderOf(fn.name), 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
      expect([fn.name, fn.openapi]).toEqual([fn.name, committed.permissions?.openapi ?? []]);
      expect([fn.name, fn.openapi]).toEqual([fn.name, READ_ONLY.has(fn.name) ? [] : [OPENAPI_SEND]]);
      expect([fn.name, fn.triggers]).toEqual([fn.name, TIMED.has(fn.name) ? [{ ...TIMER }] : []]);
    }
  });

  it('stages each upload folder with exactly the planned files, byte for byte', () => {
    for (const fn of plan.functions) {
      const dir = path.join(stageRoot, fn.name);
      expect([fn.name, list(dir).sort()]).toEqual([fn.name, fn.files.map((f) => f.path).sort()]);
      expect(list(dir)).not.toContain('src/index.ts');
      for (const f of fn.files) expect(readFileSync(path.join(dir, f.path)).length).toBe(f.bytes);
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
      expect(pkg).toMatchObject({ main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } });
    }
    expect(list(path.join(stageRoot, 'printAgreement'))).toContain(ASSETS.printAgreement![0]!.to);
    expect(list(path.join(stageRoot, 'printAgreement'))).toContain(LAZY.printAgreement![0]!.to);
  });

  it('each upload folder runs by itself: main exported, a signed agreement printed with the font it carries, the timer run, the permission probe answered', async () => {
    const fake = path.join(stageRoot, 'fake-wx-server-sdk.js');
    await bundleFakeSdk(fake);
    // wx-server-sdk is what the cloud installs from package.json: here the offline fake takes its place, and it is
    // the only module an upload folder may require from outside itself
    const driver = `
      const Module = require('node:module');
      const path = require('node:path');
      const [fake, stageRoot, namesJson] = process.argv.slice(1);
      const resolve = Module._resolveFilename;
      const outside = [];
      Module._resolveFilename = function (request, parent, ...rest) {
        if (request === 'wx-server-sdk') return fake;
        const found = resolve.call(this, request, parent, ...rest);
        if (!Module.isBuiltin(request) && parent && parent.filename && parent.filename.startsWith(stageRoot) && !found.startsWith(stageRoot)) outside.push(request);
        return found;
      };
      const sdk = require(fake);
      const load = (name) => require(path.join(stageRoot, name, 'index.js'));
      const as = (openid, name, event) => {
        if (openid) sdk.context.OPENID = openid; else delete sdk.context.OPENID;
        return load(name).main(event, {});
      };
      (async () => {
        const mains = Object.fromEntries(JSON.parse(namesJson).map((n) => [n, typeof load(n).main]));
        await sdk.seed();
        const accepted = await as('demo-student', 'respondOffer', { action: 'accept', requestId: 'stage-accept-1', offerId: 'offer-demo-1', version: 1 });
        const id = accepted.data && accepted.data.id;
        const college = await as('demo-college-cs', 'review', { requestId: 'stage-review-1', decision: 'approve', items: [{ record: 'agreement', id, version: 1 }] });
        const school = await as('demo-school', 'review', { requestId: 'stage-review-2', decision: 'approve', items: [{ record: 'agreement', id, version: 2 }] });
        const print = await as('demo-student', 'printAgreement', { agreementId: id });
        const timer = await as('', 'expireOffers', { Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() });
        // the openapi permission probe, as npm run deploy sends it (no OPENID) and as a mini program user would
        const before = sdk.sent.length;
        const probe = await as('', 'review', { probe: 'subscribeMessage' });
        const probeAsUser = await as('demo-student', 'review', { probe: 'subscribeMessage' });
        const probeSent = sdk.sent.slice(before);
        process.stdout.write(JSON.stringify({ mains, accepted, college, school, print, timer, outside, probe, probeAsUser, probeSent }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', driver, fake, stageRoot, JSON.stringify(functionNames)], {
        cwd: stageRoot,
        encoding: 'utf8',
        env: { ...process.env, TZ: 'Asia/Shanghai' },
      }),
    ) as Record<'accepted' | 'college' | 'school' | 'print' | 'timer' | 'probe' | 'probeAsUser', { ok: boolean; data?: Record<string, unknown> }> & {
      mains: Record<string, string>;
      outside: string[];
      probeSent: { touser: string; templateId: string }[];
    };
    expect(out.mains).toEqual(Object.fromEntries(functionNames.map((n) => [n, 'function'])));
    expect(out.accepted).toMatchObject({ ok: true, data: { state: 'pendingCollege' } });
    expect(out.college).toMatchObject({ ok: true, data: { approved: 1 } });
    expect(out.school).toMatchObject({ ok: true, data: { approved: 1 } });
    expect(out.print).toMatchObject({ ok: true, data: { pages: 4 } });
    expect(out.timer).toMatchObject({ ok: true, data: { done: true } });
    expect(out.outside).toEqual([]);
    // the bundle answers the probe: one send to the fixed non-existent addressee (the stand-in accepts every send)
    expect(out.probe).toEqual({ ok: true, data: { probe: 'subscribeMessage', permission: 'present', errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' } });
    expect(out.probeAsUser).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(out.probeSent).toEqual([expect.objectContaining({ touser: PROBE_TOUSER, templateId: PROBE_TEMPLATE })]);
  });
});
