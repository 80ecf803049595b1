/**
 * What the exhaustive table test (tests/unit/machine.test.ts) does not look at: the rule ruleFor hands back and the
 * order of its refusals, what a step writes besides the state (patch, version, timestamps, audit head) and what its
 * audit entry says, `touch` for records without a table, and the actions' Chinese labels.
 */
import { ACTION_LABELS, checkTable, offerTable, ruleFor, step, TABLES, touch } from '../../server/domain/machine';
import { GENESIS, hashEntry, sealContent, verifyChain } from '../../server/domain/audit';
import type { CheckDoc, OfferDoc, StudentDoc, Tracked } from '../../server/domain/types';

const NOW = '2026-03-02T02:00:00.000Z';
const LATER = '2026-03-03T02:00:00.000Z';
const HEAD = 'a'.repeat(64);
const student = { openid: 'o-zhang', role: 'student' as const };
const reviewer = { openid: 'o-wang', role: 'collegeReviewer' as const };

const refused = (code: string) => expect.objectContaining({ name: 'DomainError', code });

/** A stored check at version 2 in `state`. */
const check = (state: CheckDoc['state']): CheckDoc => ({
  _id: 'source:2026010101', version: 2, createdAt: NOW, updatedAt: NOW, auditHead: HEAD,
  studentNo: '2026010101', studentName: '张三', collegeId: 'cs', major: '软件工程',
  kind: 'source', state, fields: { phone: '13800138000' }, schoolValues: {},
});

describe('ruleFor', () => {
  it('hands back the table’s rule when the action is allowed', () => {
    expect(ruleFor('check', 'submit', 'draft', 'student')).toBe(checkTable.submit);
    expect(ruleFor('offer', 'decline', 'open', 'student', '已有其他工作')).toBe(offerTable.decline);
  });

  it('refuses an action the table does not have as an invalid transition', () => {
    expect(() => ruleFor('check', 'terminate' as never, 'draft', 'student')).toThrow(refused('INVALID_TRANSITION'));
  });

  it('says FORBIDDEN before it looks at the state: a role that may never act learns nothing about the record', () => {
    expect(() => ruleFor('check', 'approve', 'draft', 'student')).toThrow(refused('FORBIDDEN'));
  });

  it('looks at the state before the reason: returning a record that is not waiting is invalid, reason or not', () => {
    expect(() => ruleFor('check', 'return', 'approved', 'collegeReviewer')).toThrow(refused('INVALID_TRANSITION'));
  });

  it('asks for a reason only where the table requires one, and a blank reason is none', () => {
    expect(() => ruleFor('check', 'return', 'submitted', 'collegeReviewer', ' \n ')).toThrow(refused('REASON_REQUIRED'));
    expect(ruleFor('check', 'return', 'submitted', 'collegeReviewer', ' 手机号有误 ')).toBe(checkTable.return);
    expect(ruleFor('check', 'approve', 'submitted', 'collegeReviewer')).toBe(checkTable.approve);
  });
});

describe('step', () => {
  it('writes the next version over the current one: patch applied, version one more, created time kept, updated now', () => {
    const { doc } = step<'check', CheckDoc>({
      kind: 'check', current: check('draft'), id: 'source:2026010101', action: 'submit', actor: student, now: LATER,
      patch: { fields: { phone: '13900139000' }, submittedAt: LATER },
    });
    expect(doc).toEqual({
      ...check('draft'),
      state: 'submitted',
      fields: { phone: '13900139000' },
      submittedAt: LATER,
      version: 3,
      createdAt: NOW,
      updatedAt: LATER,
      auditHead: doc.auditHead,
    });
  });

  it('creates a record at version 1 under the given id, created and updated now', () => {
    const { doc, audit } = step<'check', CheckDoc>({
      kind: 'check', current: null, id: 'source:2026010101', action: 'submit', actor: student, now: NOW, patch: { kind: 'source' },
    });
    expect(doc).toEqual({ _id: 'source:2026010101', version: 1, createdAt: NOW, updatedAt: NOW, auditHead: audit.hash, kind: 'source', state: 'submitted' });
  });

  it('the table decides the state: a patch cannot set it', () => {
    const { doc } = step<'check', CheckDoc>({
      kind: 'check', current: check('submitted'), id: 'c', action: 'withdraw', actor: student, now: NOW,
      patch: { state: 'approved' } as never,
    });
    expect(doc.state).toBe('draft');
  });

  it('an edit keeps the state it found; an edit that creates starts in the rule’s initial state', () => {
    const kept = step<'check', CheckDoc>({ kind: 'check', current: check('returned'), id: 'c', action: 'save', actor: student, now: NOW, patch: {} });
    expect(kept.doc.state).toBe('returned');
    expect(kept.audit).toMatchObject({ from: 'returned', to: 'returned' });
    const created = step<'check', CheckDoc>({ kind: 'check', current: null, id: 'c', action: 'save', actor: student, now: NOW, patch: {} });
    expect(created.doc.state).toBe('draft');
    expect(created.audit).toMatchObject({ from: null, to: 'draft' });
    const offer = { ...check('draft'), state: 'open' } as unknown as OfferDoc;
    expect(step<'offer', OfferDoc>({ kind: 'offer', current: offer, id: 'o', action: 'edit', actor: { openid: 'o-hr', role: 'employer' }, now: NOW, patch: {} }).doc.state).toBe('open');
  });

  it('the audit entry names the record, the change, who made it and when, and links to the record’s head', () => {
    const { doc, audit } = step<'check', CheckDoc>({
      kind: 'check', current: check('submitted'), id: 'source:2026010101', action: 'return', actor: reviewer, now: LATER, reason: '  手机号有误  ', patch: {},
    });
    const { hash, ...rest } = audit;
    expect(rest).toEqual({
      _id: 'check:source:2026010101:000003',
      version: 1,
      record: 'check',
      recordId: 'source:2026010101',
      seq: 3,
      from: 'submitted',
      to: 'returned',
      action: 'return',
      actor: reviewer,
      at: LATER,
      reason: '手机号有误',
      ...sealContent(doc),
      prevHash: HEAD,
    });
    const { _id, version, ...covered } = rest;
    expect(hash).toBe(hashEntry(covered));
    expect(doc.auditHead).toBe(hash);
  });

  it('a new record’s first entry links to the genesis hash', () => {
    const { audit } = step<'check', CheckDoc>({ kind: 'check', current: null, id: 'c', action: 'submit', actor: student, now: NOW, patch: {} });
    expect(audit.prevHash).toBe(GENESIS);
    expect(audit.seq).toBe(1);
  });

  it('records a reason even where none is required, and no reason key when the reason is empty', () => {
    const given = step<'check', CheckDoc>({ kind: 'check', current: check('submitted'), id: 'c', action: 'approve', actor: reviewer, now: NOW, reason: ' 材料齐全 ', patch: {} });
    expect(given.audit.reason).toBe('材料齐全');
    const empty = step<'check', CheckDoc>({ kind: 'check', current: check('submitted'), id: 'c', action: 'approve', actor: reviewer, now: NOW, reason: '', patch: {} });
    expect(empty.audit).not.toHaveProperty('reason');
  });

  it('carries attachments into the audit entry, and no attachments key when there are none', () => {
    const files = [{ fileId: 'cloud://proof.pdf', sha256: 'b'.repeat(64) }];
    const withFiles = step<'check', CheckDoc>({ kind: 'check', current: check('draft'), id: 'c', action: 'submit', actor: student, now: NOW, attachments: files, patch: {} });
    expect(withFiles.audit.attachments).toEqual(files);
    const none = step<'check', CheckDoc>({ kind: 'check', current: check('draft'), id: 'c', action: 'submit', actor: student, now: NOW, attachments: [], patch: {} });
    expect(none.audit).not.toHaveProperty('attachments');
  });

  it('refuses with the table’s code and changes nothing', () => {
    const current = check('approved');
    const before = JSON.stringify(current);
    expect(() => step<'check', CheckDoc>({ kind: 'check', current, id: 'c', action: 'submit', actor: student, now: NOW, patch: {} })).toThrow(
      refused('INVALID_TRANSITION'),
    );
    expect(JSON.stringify(current)).toBe(before);
  });

  it('steps chain: each entry links to the one before and the chain verifies against the record’s head', () => {
    const a = step<'check', CheckDoc>({ kind: 'check', current: null, id: 'c', action: 'save', actor: student, now: NOW, patch: {} });
    const b = step<'check', CheckDoc>({ kind: 'check', current: a.doc, id: 'c', action: 'submit', actor: student, now: LATER, patch: {} });
    expect(b.audit.prevHash).toBe(a.audit.hash);
    expect(b.doc.createdAt).toBe(NOW);
    expect(verifyChain([a.audit, b.audit], b.doc.auditHead)).toBeNull();
  });
});

describe('touch', () => {
  const roster = (): StudentDoc => ({
    _id: '2026010101', version: 4, createdAt: NOW, updatedAt: NOW, auditHead: HEAD,
    studentNo: '2026010101', name: '张三', idNumber: '440305200301011235', gender: '男', collegeId: 'cs', collegeName: '计算机学院',
    major: '软件工程', educationLevel: '31', graduationYear: 2026, source: {}, employment: {}, openid: null, activeAgreementId: null,
  });

  it('writes an audited record without a table: the given labels become the entry’s from and to, whoever acts', () => {
    const { doc, audit } = touch<StudentDoc>({
      record: 'student', current: roster(), id: '2026010101', action: 'bind', actor: student, now: LATER,
      from: 'imported', to: 'bound', patch: { openid: 'o-zhang' },
    });
    expect(doc).toEqual({ ...roster(), openid: 'o-zhang', version: 5, updatedAt: LATER, auditHead: audit.hash });
    expect(audit).toMatchObject({
      _id: 'student:2026010101:000005', record: 'student', recordId: '2026010101', seq: 5, from: 'imported', to: 'bound',
      action: 'bind', actor: student, at: LATER, prevHash: HEAD,
    });
    expect(audit).not.toHaveProperty('reason');
    expect(audit).not.toHaveProperty('attachments');
  });

  it('creates a record from nothing, its chain starting at genesis', () => {
    const { doc, audit } = touch<Tracked & { label: string }>({
      record: 'settings', current: null, id: 'settings', action: 'init', actor: { openid: 'admin', role: 'admin' }, now: NOW,
      from: null, to: 'set', patch: { label: 'x' }, reason: ' schoolName, colleges ',
    });
    expect(doc).toEqual({ _id: 'settings', version: 1, createdAt: NOW, updatedAt: NOW, auditHead: audit.hash, label: 'x' });
    expect(audit).toMatchObject({ seq: 1, from: null, to: 'set', prevHash: GENESIS, reason: 'schoolName, colleges' });
  });
});

describe('action labels', () => {
  it('every action of every table has a Chinese label for the timeline', () => {
    for (const table of Object.values(TABLES)) {
      for (const action of Object.keys(table)) expect(ACTION_LABELS[action]).toMatch(/\p{Script=Han}/u);
    }
  });

  it('are the words the timeline shows', () => {
    expect(ACTION_LABELS).toEqual({
      save: '保存',
      restore: '还原学校信息',
      submit: '提交',
      withdraw: '撤回',
      approve: '审核通过',
      return: '退回',
      create: '发起邀约',
      edit: '修改邀约',
      remind: '即将失效提醒',
      accept: '应约',
      decline: '拒绝',
      supersede: '因应约其他单位失效',
      expire: '逾期失效',
      createFromOffer: '应约生成协议',
      cancel: '作废',
      revise: '单位修改后重新提交',
      collegeApprove: '院系审核通过',
      collegeReturn: '院系退回',
      schoolApprove: '学校审核通过',
      schoolReturn: '学校退回',
      sealContent: '补记记录内容哈希',
      terminate: '解约',
      submitToEmployer: '提交，等待单位确认',
      employerConfirm: '单位确认协议',
      employerRefuse: '单位拒绝协议',
      schoolApproveToSeal: '学校审核通过，等待单位盖章',
      uploadSeal: '上传盖章协议（回传）',
      sealApprove: '学校鉴证通过',
      sealReturn: '学校鉴证退回',
      propose: '申请解约，等待对方同意',
      consent: '同意解约',
      refuse: '不同意解约',
      saveTemplate: '保存邀约模板',
      deleteTemplate: '删除邀约模板',
      issueLink: '生成确认链接',
      answerLink: '通过确认链接作答',
      reject: '退回',
      register: '注册',
      import: '导入单位库',
      reimport: '更新单位库信息',
      certify: '认证通过',
      bind: '绑定身份',
      lock: '锁定签约资格',
      unlock: '释放签约资格',
      init: '写入学校设置',
      update: '修改学校设置',
      issue: '签发邀请码',
      redeem: '使用邀请码',
      confirm: '本人确认',
      fill: '签约成功，自动登记毕业去向',
      reset: '解约成功，毕业去向改为待就业',
      amend: '审核人员修改毕业去向',
      markReported: '上报',
    });
  });
});
