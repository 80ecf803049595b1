/**
 * The audit log's hashing: canonical JSON, entry hashes and seals, and the chain check that detects any edit.
 */
import { createHash } from 'node:crypto';
import { auditId, canonicalJson, contentDiff, GENESIS, hashEntry, leavesOf, sealContent, sealEntry, sha256, verifyChain } from '../../server/domain/audit';
import type { AuditEntry } from '../../server/domain/types';

const NOW = '2026-03-02T02:00:00.000Z';
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

type Body = Omit<AuditEntry, 'hash' | '_id' | 'version'>;

const body = (seq: number, prevHash: string, extra: Partial<Body> = {}): Body => ({
  record: 'check',
  recordId: 'source:2026010101',
  seq,
  from: seq === 1 ? null : 'draft',
  to: 'submitted',
  action: 'submit',
  actor: { openid: 'o-zhang', role: 'student' },
  at: NOW,
  prevHash,
  ...extra,
});

/** A well-formed chain of `n` entries for one record. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq++) out.push(sealEntry(body(seq, out[seq - 2]?.hash ?? GENESIS)));
  return out;
}

describe('canonical JSON', () => {
  it('writes primitives as JSON does', () => {
    expect(canonicalJson('张三')).toBe('"张三"');
    expect(canonicalJson(42)).toBe('42');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
  });

  it('writes a bare undefined as null, so that there is always some text to hash', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts keys at every level, whatever order they were written in', () => {
    expect(canonicalJson({ b: 1, c: { z: 1, a: 2, m: 3 }, a: [{ y: 1, x: 2 }] })).toBe('{"a":[{"x":2,"y":1}],"b":1,"c":{"a":2,"m":3,"z":1}}');
    expect(canonicalJson({ c: 3, a: 1, b: 2 })).toBe(canonicalJson({ a: 1, b: 2, c: 3 }));
    expect(canonicalJson({ c: 3, a: 1, b: 2 })).toBe('{"a":1,"b":2,"c":3}');
  });

  it('sorts keys by code unit, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, 审: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"审":3}');
  });

  it('leaves out keys whose value is undefined, as JSON does, so that an absent and an undefined field hash the same', () => {
    expect(canonicalJson({ a: 1, reason: undefined })).toBe('{"a":1}');
    expect(canonicalJson({})).toBe('{}');
  });

  it('keeps arrays in their order and writes their undefined members as null', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
    expect(canonicalJson([])).toBe('[]');
  });

  it('quotes keys as JSON strings', () => {
    expect(canonicalJson({ 'a"b': 1 })).toBe('{"a\\"b":1}');
  });
});

describe('entry hashes', () => {
  it('sha256 is the hex SHA-256 of the text', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('an entry’s hash is the SHA-256 of its canonical JSON', () => {
    const b = body(1, GENESIS);
    expect(hashEntry(b)).toBe(hex(canonicalJson(b)));
  });

  it('the hash does not depend on the order of the entry’s keys', () => {
    const b = body(1, GENESIS);
    const reversed = Object.fromEntries(Object.entries(b).reverse()) as Body;
    expect(hashEntry(reversed)).toBe(hashEntry(b));
  });

  it('the genesis hash is 64 zeros', () => {
    expect(GENESIS).toBe('0'.repeat(64));
  });

  it('an audit id is record:recordId:seq with the seq padded to six digits', () => {
    expect(auditId('agreement', 'a1', 7)).toBe('agreement:a1:000007');
    expect(auditId('agreement', 'a1', 1234567)).toBe('agreement:a1:1234567');
  });

  it('sealing an entry stores it under its audit id, at version 1, with its hash', () => {
    const b = body(3, 'f'.repeat(64), { reason: '手机号有误' });
    expect(sealEntry(b)).toEqual({ ...b, _id: 'check:source:2026010101:000003', version: 1, hash: hashEntry(b) });
  });
});

describe('verifying a chain', () => {
  it('accepts a well-formed chain, with or without the record’s head', () => {
    const entries = chain(3);
    expect(verifyChain(entries)).toBeNull();
    expect(verifyChain(entries, entries[2]!.hash)).toBeNull();
  });

  it('an empty chain has nothing to break, even with a head', () => {
    expect(verifyChain([])).toBeNull();
    expect(verifyChain([], 'f'.repeat(64))).toBeNull();
  });

  it('the first entry must link to the genesis hash', () => {
    const first = sealEntry(body(1, 'f'.repeat(64)));
    expect(verifyChain([first])).toEqual({ record: 'check', recordId: 'source:2026010101', seq: 1, problem: 'prevHash' });
  });

  it('the first entry must be seq 1', () => {
    const second = sealEntry(body(2, GENESIS));
    expect(verifyChain([second])).toEqual({ record: 'check', recordId: 'source:2026010101', seq: 2, problem: 'seq' });
  });

  it('an entry that does not link to the one before is a broken link', () => {
    const [a, b] = chain(2);
    const relinked = sealEntry({ ...body(2, GENESIS) });
    expect(verifyChain([a!, relinked])).toEqual({ record: 'check', recordId: 'source:2026010101', seq: 2, problem: 'prevHash' });
    expect(verifyChain([a!, b!])).toBeNull();
  });

  it('an edited entry no longer matches its hash', () => {
    const [a, b, c] = chain(3);
    expect(verifyChain([a!, { ...b!, actor: { openid: 'o-other', role: 'student' } }, c!])).toEqual({
      record: 'check', recordId: 'source:2026010101', seq: 2, problem: 'hash',
    });
  });

  it('an entry’s storage id and version are not part of what its hash covers', () => {
    const [a] = chain(1);
    expect(verifyChain([{ ...a!, _id: 'moved', version: 5 }])).toBeNull();
  });

  it('a gap in the seqs is reported at the entry after it', () => {
    const [a, , c] = chain(3);
    expect(verifyChain([a!, c!])).toEqual({ record: 'check', recordId: 'source:2026010101', seq: 3, problem: 'seq' });
  });

  it('reports the first break only', () => {
    const [a, b, c] = chain(3);
    expect(verifyChain([a!, { ...b!, at: '2027-01-01T00:00:00.000Z' }, { ...c!, at: '2027-01-01T00:00:00.000Z' }])).toMatchObject({ seq: 2, problem: 'hash' });
  });

  it('a head other than the last entry’s hash means the record says other than its chain', () => {
    const entries = chain(2);
    expect(verifyChain(entries, entries[0]!.hash)).toEqual({ record: 'check', recordId: 'source:2026010101', seq: 2, problem: 'head' });
  });
});

describe('content seals', () => {
  const record = {
    _id: 'a1',
    version: 3,
    state: 'signed',
    content: { job: { title: '前端开发工程师', monthlySalary: 15000 }, hukou: { migrate: false } },
    proofFiles: [{ fileId: 'local://uploads/x/a.jpg', sha256: 'ab'.repeat(32) }],
    employment: {},
    auditHead: 'f'.repeat(64),
  };

  it('names every leaf by its dotted path; arrays, scalars and empty objects are leaves', () => {
    expect(leavesOf(record).map(([p]) => p)).toEqual([
      '_id', 'version', 'state', 'content.job.title', 'content.job.monthlySalary', 'content.hukou.migrate', 'proofFiles', 'employment', 'auditHead',
    ]);
  });

  it('leaves out fields whose value is undefined, as the stored JSON does', () => {
    expect(leavesOf({ a: 1, b: undefined }).map(([p]) => p)).toEqual(['a']);
    expect(sealContent({ a: 1, b: undefined })).toEqual(sealContent({ a: 1 }));
  });

  it('hashes the canonical record without its audit head, with a six-character digest per field', () => {
    const { auditHead: _head, ...content } = record;
    const seal = sealContent(record);
    expect(seal.recordHash).toBe(sha256(canonicalJson(content)));
    expect(seal.fieldDigests).toHaveLength(6 * 8);
    expect(sealContent({ ...record, auditHead: '0'.repeat(64) })).toEqual(seal);
  });

  it('given the record as sealed, there is no difference', () => {
    expect(contentDiff(sealContent(record), { ...record })).toBeNull();
  });

  it('given a nested value changed, names its path', () => {
    const edited = { ...record, content: { ...record.content, job: { ...record.content.job, monthlySalary: 99000 } } };
    expect(contentDiff(sealContent(record), edited)).toEqual({ changed: ['content.job.monthlySalary'], removed: 0 });
  });

  it('given an attached file’s hash changed in the record, names the file list', () => {
    const edited = { ...record, proofFiles: [{ fileId: 'local://uploads/x/a.jpg', sha256: 'cd'.repeat(32) }] };
    expect(contentDiff(sealContent(record), edited)).toEqual({ changed: ['proofFiles'], removed: 0 });
  });

  it('given two fields with the same value, an edit of one is still told', () => {
    const twins = { _id: 't', a: 'x', b: 'x' };
    expect(contentDiff(sealContent(twins), { ...twins, b: 'y' })).toEqual({ changed: ['b'], removed: 0 });
  });

  it('given fields removed, counts them', () => {
    const { employment: _e, state: _s, ...fewer } = record;
    expect(contentDiff(sealContent(record), fewer)).toEqual({ changed: [], removed: 2 });
  });

  it('given a seal whose digests do not tell the field (a forged digest list), still reports the record changed', () => {
    const seal = { ...sealContent(record), recordHash: '0'.repeat(64) };
    expect(contentDiff(seal, record)).toEqual({ changed: ['*'], removed: 0 });
  });
});

describe('field digests', () => {
  /** FNV-1a, 32 bits, over UTF-16 code units, written with BigInt as its definition reads */
  const fnv1a = (text: string): string => {
    let h = 0x811c9dc5n;
    for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) h = ((h ^ BigInt(unit)) * 0x01000193n) % 2n ** 32n;
    return h.toString(16).padStart(8, '0').slice(0, 6);
  };

  it('are the first six hex digits of FNV-1a over `path=value`, sorted', () => {
    const seal = sealContent({ title: '前端开发工程师', salary: 15000 });
    expect(seal.fieldDigests).toBe([fnv1a('title="前端开发工程师"'), fnv1a('salary=15000')].sort().join(''));
  });

  it('do not depend on the order the record’s keys were written in', () => {
    expect(sealContent({ b: 2, a: 1, c: { y: 1, x: 2 } })).toEqual(sealContent({ c: { x: 2, y: 1 }, a: 1, b: 2 }));
  });

  it('an empty record has no leaves; an empty object inside one is a leaf', () => {
    expect(leavesOf({})).toEqual([]);
    expect(leavesOf({ employment: {} })).toEqual([['employment', {}]]);
  });
});
