/**
 * Agreements for the termination-by-consent tests: the demo one (its unit certified, answering by account) and one a
 * student initiated with a unit typed by hand (no account: it answers through a consent link).
 */
import { initiateSigning } from '../../server/usecases/initiateSigning';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { approve, initiationDraft } from './agreements';
import { rid, type TestSystem } from './harness';

export const MANUAL_UNIT = {
  name: '北京示例数据有限公司',
  uscc: '91350100M000100Y43',
  nature: '39',
  industry: '65',
  region: '110108',
  address: '北京市海淀区中关村大街1号',
  contactName: '刘女士',
  contactPhone: '010-62345678',
};

/** 张三 initiates with a unit typed by hand, both reviews pass: signed, its unit without an account. */
export async function signedManualAgreement(sys: TestSystem): Promise<AgreementDoc> {
  const proof = await sys.upload(DEMO_OPENIDS.student, 'offer-letter.jpg');
  const r = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: MANUAL_UNIT } }) });
  return approve(sys, (await sys.store.get('agreements', r.id))!);
}

/**
 * The agreement's terms with a 违约金, as the structured terms store it (typings/records.ts StructuredTerms). Written
 * straight to the store: the forms that fill the structured terms are not what these tests are about.
 */
export async function withPenalty(sys: TestSystem, a: AgreementDoc, penaltyYuan: number): Promise<AgreementDoc> {
  const next = { ...a, content: { ...a.content, structured: { ...a.content.structured, penaltyYuan } }, version: a.version + 1 };
  await sys.store.put('agreements', next, a.version);
  return next;
}
