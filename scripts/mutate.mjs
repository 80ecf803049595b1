/**
 * npm run mutate: mutation testing of server/domain (configuration in stryker.config.mjs).
 *
 *   npm run mutate                                          every file of the domain
 *   npm run mutate -- --mutate server/domain/review.ts      one file (a comma-separated list or globs also do)
 *
 * Stryker 10's command line refuses to start on Node 20 (its package asks for 22), while the engine behind it runs
 * on 20, which this project supports: so this starts the engine itself, with the configuration file's options.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'usage: npm run mutate [-- --mutate <file or glob>[,…]] [--concurrency <n>] [--logLevel <level>]';

function parse(args) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    const value = () => inline ?? args[++i];
    if (flag === '--mutate' || flag === '-m') options.mutate = value().split(',');
    else if (flag === '--concurrency' || flag === '-c') options.concurrency = Number(value());
    else if (flag === '--logLevel') options.logLevel = value();
    else throw new Error(`${args[i]}?\n${USAGE}`);
  }
  return options;
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
process.env.TZ = 'Asia/Shanghai';
const core = path.dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json'));
const { Stryker } = await import(pathToFileURL(path.join(core, 'dist/src/stryker.js')).href);
await new Stryker(options).runMutationTest();
