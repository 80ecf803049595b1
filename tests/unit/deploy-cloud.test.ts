/**
 * The real CloudBase side of `npm run deploy`, read-only: with TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY set, the
 * manager-node adapter lists the environment's functions and reads the timers of the project's functions found
 * there. It changes nothing. Without the three variables it says that it was skipped and why, and loads no SDK.
 */
import { connect, CREDENTIAL_VARS, credentialsFrom } from '../../scripts/deploy/cloud';
import { cronOf } from '../../scripts/deploy/triggers';
import { functionNames } from '../../server/runtime/registry';

const credentials = credentialsFrom(process.env);

if ('missing' in credentials) {
  describe('deploy against a real CloudBase environment', () => {
    it(`skipped — set ${CREDENTIAL_VARS.join(', ')} to run it (read-only) against a real environment`, () => {
      console.warn(
        `Deploy adapter NOT run against CloudBase: ${credentials.missing.join(', ')} not set. ` +
          'The deploy was tested offline only (plan, staging, recording fake). No manager-node was loaded.',
      );
      expect(credentials.missing.length).toBeGreaterThan(0);
    });
  });
} else {
  describe(`deploy adapter against CloudBase environment ${credentials.envId} (read-only)`, () => {
    it('lists the functions and reads the timers of those the project deploys', async () => {
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
  });
}
