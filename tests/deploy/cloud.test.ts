/**
 * The real CloudBase side of `npm run deploy`, read-only: with TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY set, the
 * manager-node adapter lists the environment's functions and reads the timers of the project's functions found
 * there, and probes the openapi permission of those that send messages (one send to an addressee that cannot exist).
 * It changes nothing. Without the three variables jest reports it as skipped, the reason in its title, and
 * no SDK is loaded.
 */
import { connect, credentialsFrom } from '../../scripts/deploy/cloud';
import { probePermissions } from '../../scripts/deploy/probe';
import { cronOf } from '../../scripts/deploy/triggers';
import { READ_ONLY } from '../../scripts/build';
import { functionNames } from '../../server/runtime/registry';

const credentials = credentialsFrom(process.env);

const skipReason = 'missing' in credentials ? `skipped: set ${credentials.missing.join(', ')} to run it (read-only) against a real environment` : '';
if (skipReason) {
  console.info(
    `Deploy adapter not run against CloudBase (${skipReason}). ` +
      'The deploy was tested offline only (plan, staging, recording fake). No manager-node was loaded.',
  );
}
const suite = 'missing' in credentials ? describe.skip : describe;

suite(`deploy adapter against a real CloudBase environment (${'missing' in credentials ? skipReason : `${credentials.envId}, read-only`})`, () => {
  it('lists the functions and reads the timers of those the project deploys', async () => {
    if ('missing' in credentials) throw new Error(skipReason);
    const cloud = await connect(credentials);
    const remote = await cloud.list();
    expect(Array.isArray(remote)).toBe(true);
    for (const f of remote) expect(f.name).toMatch(/^[A-Za-z][\w-]*$/);
    const ours = remote.filter((f) => (functionNames as readonly string[]).includes(f.name));
    for (const f of ours) {
      const timers = await cloud.triggers(f.name);
      for (const t of timers) expect(cronOf(t.desc).split(/\s+/)).toHaveLength(7);
    }
    console.log(`${credentials.envId}: ${remote.length} functions, ${ours.length} of this project (${ours.map((f) => `${f.name} ${f.runtime}`).join(', ')})`);
  }, 120_000);

  it('probes the deployed message-sending functions: each answers with a probe result', async () => {
    if ('missing' in credentials) throw new Error(skipReason);
    const cloud = await connect(credentials);
    const deployed = new Set((await cloud.list()).map((f) => f.name));
    const names = functionNames.filter((n) => !READ_ONLY.has(n) && deployed.has(n));
    const results = await probePermissions(names, cloud);
    // what the environment's permissions are is its own state; that the round trip yields a reading is the adapter's
    for (const r of results) expect([r.name, r.detail]).not.toEqual([r.name, expect.stringMatching(/^(调用失败|函数)/)]);
    console.log(`${credentials.envId}: ${results.map((r) => `${r.name} ${r.permission}`).join(', ') || 'no message-sending function deployed'}`);
  }, 120_000);
});
