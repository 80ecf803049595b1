/**
 * A cloud function as data: its name, the schema its event must pass, and the use case it runs as the platform's
 * caller. The runtime invokes it (parse, run, answer in Chinese); the use cases only define it.
 */
import type * as v from 'valibot';
import type { Caller, Deps } from './deps';

export interface FunctionDef<E, R> {
  name: string;
  schema: v.GenericSchema<unknown, E>;
  run: (deps: Deps, caller: Caller, event: E) => Promise<R>;
}

export const defineFunction = <E, R>(def: FunctionDef<E, R>): FunctionDef<E, R> => def;
