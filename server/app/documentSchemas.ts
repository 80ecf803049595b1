/** Event schemas of the document functions (printAgreement, verifyAgreement); same conventions as schemas.ts. */
import * as v from 'valibot';
import type { PrintAgreementEvent, VerifyAgreementEvent } from '../../typings';
import { normaliseCode } from '../domain/document';
import { REQUEST_ID_MESSAGE, REQUEST_ID_PATTERN, labelled } from './schemas';

export const printAgreementSchema = v.object({
  requestId: v.optional(labelled('请求编号', v.pipe(v.string(REQUEST_ID_MESSAGE), v.regex(REQUEST_ID_PATTERN, REQUEST_ID_MESSAGE)))),
  agreementId: labelled('协议', v.pipe(v.string('协议无效'), v.trim(), v.nonEmpty('协议无效'), v.maxLength(64, '协议无效'))),
}, '请选择要打印的协议') satisfies v.GenericSchema<unknown, PrintAgreementEvent>;

export const verifyAgreementSchema = v.object({
  agreementNo: labelled(
    '协议编号',
    v.pipe(v.string('请输入协议编号'), v.trim(), v.nonEmpty('请输入协议编号'), v.regex(/^[0-9A-Za-z]{6,40}$/, '协议编号应为数字，请核对')),
  ),
  code: v.optional(
    labelled(
      '校验码',
      v.pipe(
        v.string('校验码格式不正确'),
        v.trim(),
        v.check((c) => c === '' || normaliseCode(c) !== null, '校验码为16位数字或字母（A–F），请核对'),
        // an empty box means "no code given", not a wrong one
        v.transform((c) => (c === '' ? undefined : c)),
      ),
    ),
  ),
  // a missing key is reported with the object's message
}, '请输入协议编号') satisfies v.GenericSchema<unknown, VerifyAgreementEvent>;
