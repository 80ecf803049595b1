/**
 * Every refusal a person can cause by a malformed event is Chinese and names the field. The events are made from the
 * schemas themselves (every function, every action or view): each required key left out, each key of the wrong type,
 * each text blank or huge, an unknown action, a body that is no object. Whatever a schema gains later is walked too.
 */
import { functions, type AnyFunction, type FunctionName } from '../../server/runtime/registry';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { fieldAt, labelOf } from '../../server/app/schemas';
import { makeSystem, type TestSystem } from '../support/harness';

interface Node {
  type: string;
  entries?: Record<string, Node>;
  options?: Node[] | string[];
  key?: string | Node;
  wrapped?: Node;
  item?: Node;
  value?: Node;
  literal?: unknown;
}

type Mode = 'missing' | 'wrongType' | 'objectsAsText' | 'blank' | 'huge';

const HUGE = 'x'.repeat(100_000);
const unwrap = (n: Node): Node => (n.type === 'optional' || n.type === 'nullish' || n.type === 'nullable' ? unwrap(n.wrapped!) : n);

/** A value for one schema in the given way of being wrong; undefined leaves the key out. */
function bad(node: Node, mode: Mode): unknown {
  const n = unwrap(node);
  switch (n.type) {
    case 'object':
      return mode === 'objectsAsText' ? 'abc' : objectOf(n, mode);
    case 'union':
      // the richest option, so that its own keys are walked too
      return bad([...(n.options as Node[])].sort((a, b) => Object.keys(unwrap(b).entries ?? {}).length - Object.keys(unwrap(a).entries ?? {}).length)[0]!, mode);
    case 'array':
      return mode === 'missing' ? undefined : mode === 'huge' ? Array.from({ length: 20 }, () => HUGE.slice(0, 1000)) : mode === 'blank' ? [''] : [bad(n.item!, mode) ?? 5];
    case 'record':
      return mode === 'missing' ? undefined : { [mode === 'huge' ? HUGE.slice(0, 100) : 'k']: mode === 'huge' ? HUGE : mode === 'blank' ? ' ' : 5 };
    case 'string':
      return mode === 'missing' ? undefined : mode === 'huge' ? HUGE : mode === 'blank' ? '   ' : 12345;
    case 'number':
      return mode === 'missing' ? undefined : mode === 'huge' ? 1e15 : mode === 'blank' ? -1.5 : 'abc';
    case 'boolean':
      return mode === 'missing' ? undefined : 'abc';
    case 'picklist':
    case 'literal':
      return mode === 'missing' ? undefined : mode === 'huge' ? HUGE : 'zzz';
    default:
      return undefined;
  }
}

function objectOf(n: Node, mode: Mode, keep: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...keep };
  for (const [key, entry] of Object.entries(n.entries ?? {})) {
    if (key in keep) continue;
    const value = bad(entry, mode);
    if (value !== undefined) out[key] = value;
  }
  if (mode === 'huge') out.extra = HUGE;
  return out;
}

/** Every shape an event of this function may take: each variant option with its discriminator set. */
function eventsFor(schema: Node): unknown[] {
  const modes: Mode[] = ['missing', 'wrongType', 'objectsAsText', 'blank', 'huge'];
  const root = unwrap(schema);
  const shapes =
    root.type === 'variant'
      ? (root.options as Node[]).map((o) => ({ node: unwrap(o), keep: { [root.key as string]: unwrap(o).entries![root.key as string]!.literal } }))
      : [{ node: root, keep: {} }];
  const events: unknown[] = shapes.flatMap(({ node, keep }) => modes.map((mode) => objectOf(node, mode, keep)));
  if (root.type === 'variant') events.push({ [root.key as string]: 'nope', requestId: 'req-unknown-action' });
  events.push('not an object', [1, 2]);
  return events;
}

const WORDED: FunctionName[] = (Object.keys(functions) as FunctionName[]).filter((f) => f !== 'expireOffers');

/** the issue's path as the schema walk takes it: each key with the value it is read from */
function stepsOf(event: unknown, path: string) {
  const keys = path ? path.split('.') : [];
  const steps: { key: unknown; input: unknown; origin: string }[] = [];
  let at: unknown = event;
  for (const key of keys) {
    steps.push({ key, input: at, origin: 'value' });
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return steps;
}

describe('every schema issue is worded in Chinese and names its field', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  it.each(WORDED)('%s', async (fn) => {
    const def = functions[fn] as AnyFunction;
    const events = eventsFor(def.schema as unknown as Node);
    let seen = 0;
    for (const event of events) {
      const answer = await sys.call(def, DEMO_OPENIDS.student, event);
      // a view without fields is well formed left empty; a use case's own refusal carries no schema issues
      if (answer.ok || !answer.issues) continue;
      expect(answer.message).toBe(answer.issues[0]!.message);
      for (const issue of answer.issues) {
        seen += 1;
        const where = `${fn} ${issue.path || '(event)'}: ${issue.message}`;
        expect({ where, cjk: /[\u4e00-\u9fff]/.test(issue.message) }).toEqual({ where, cjk: true });
        expect({ where, english: issue.message.match(/[A-Za-z]{2,}/)?.[0] ?? null }).toEqual({ where, english: null });
        const label = labelOf(fieldAt(def.schema, stepsOf(event, issue.path)));
        // a body that is no object names nothing but says so in Chinese
        if (!issue.path && !label) continue;
        expect({ where, label: label !== undefined }).toEqual({ where, label: true });
        expect({ where, named: issue.message.includes(label!) }).toEqual({ where, named: true });
      }
    }
    expect(seen).toBeGreaterThan(events.length);
  });
});

describe('a missing field maps to its domain refusal, and the request id comes last', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  it('given a 拒绝 without its reason, when sent, then REASON_REQUIRED as for a blank reason', async () => {
    const missing = await sys.call(functions.respondOffer, DEMO_OPENIDS.student, { action: 'decline', requestId: 'req-decline-0001', offerId: 'offer-demo-1', version: 1 });
    expect(missing).toEqual({ ok: false, code: 'REASON_REQUIRED', message: '请填写原因', issues: [{ path: 'reason', message: '请填写原因' }] });
    const blank = await sys.call(functions.respondOffer, DEMO_OPENIDS.student, { action: 'decline', requestId: 'req-decline-0002', offerId: 'offer-demo-1', version: 1, reason: ' ' });
    expect(blank).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
  });

  it('given a missing key without a domain code, then 缺少 and its Chinese name', async () => {
    const answer = await sys.call(functions.bind, DEMO_OPENIDS.student2, { action: 'student', requestId: 'req-bind-00001', name: '李四', idLast6: '123456' });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '缺少学号', issues: [{ path: 'studentNo', message: '缺少学号' }] });
  });

  it('given a short request id and a bad field, then the field leads and the id says its rule', async () => {
    const answer = await sys.call(functions.respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: 'abc', offerId: 'offer-demo-1', version: 'x' });
    expect(answer).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '版本号无效',
      issues: [
        { path: 'version', message: '版本号无效' },
        { path: 'requestId', message: '请求编号应为 8–64 位字母、数字、-或_' },
      ],
    });
  });
});
