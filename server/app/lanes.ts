/**
 * Work spread over a few lanes: each lane takes the next job as soon as its last one is done, so at most `lanes`
 * jobs are under way at once. A cloud function must not open as many database calls as it has jobs: the
 * environment's connections are shared by every call to every function (see docs/decisions.md, "Review batches").
 */

/**
 * Runs `work` on the jobs, in their order, at most `lanes` at a time. A lane starts no further job once `go()` says
 * no; the jobs never started are answered `undefined`, in their place. Jobs are taken without a pause between the
 * check and the start, so the first `lanes` jobs are all under way before any of them has waited on anything.
 */
export async function inLanes<J, R>(
  jobs: readonly J[],
  lanes: number,
  work: (job: J, index: number) => Promise<R>,
  go: () => boolean = () => true,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(jobs.length).fill(undefined);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length && go()) {
      const index = next++;
      results[index] = await work(jobs[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, jobs.length)) }, lane));
  return results;
}
