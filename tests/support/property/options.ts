/** How many sequences, how long, from which seed: the jest run's defaults, overridden by the environment. */
export interface PropertyOptions {
  runs: number;
  maxSteps: number;
  seed?: number;
}

const whole = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number, not ${raw}`);
  return n;
};

/** PROPERTY_RUNS (sequences), PROPERTY_STEPS (most steps in one), PROPERTY_SEED (to replay a reported run). */
export function propertyOptions(env: NodeJS.ProcessEnv, defaults: { runs: number; maxSteps: number }): PropertyOptions {
  const seed = whole('PROPERTY_SEED', env.PROPERTY_SEED);
  return {
    runs: whole('PROPERTY_RUNS', env.PROPERTY_RUNS) ?? defaults.runs,
    maxSteps: whole('PROPERTY_STEPS', env.PROPERTY_STEPS) ?? defaults.maxSteps,
    ...(seed !== undefined ? { seed } : {}),
  };
}
