/**
 * 单位注册 as a client sends it: the unit's details with its 营业执照 uploaded into the registrant's folder first, as
 * the page does. Tests of other things register units this way; what the licence itself must be is bind's tests'.
 */
import type { EmployerInfo } from '../../typings';
import { rid, type TestSystem } from './harness';

export async function registration(
  sys: Pick<TestSystem, 'upload'>,
  openid: string,
  employer: Omit<EmployerInfo, 'employerId'>,
  extra: { requestId?: string; authorizationFiles?: string[] } = {},
) {
  const licence = await sys.upload(openid, `licence-${employer.uscc}.pdf`);
  return { action: 'registerEmployer' as const, requestId: extra.requestId ?? rid(), employer, licenceFiles: [licence], ...extra };
}
