/**
 * Refusals: a code from the contract, the Chinese message the user sees, and the field issues of a form.
 */
import { DomainError, refuse } from '../../server/domain/errors';
import { ERROR_MESSAGES } from '../../typings';
import { refusal } from './builders';

describe('a domain error', () => {
  it('carries its code and, unless told otherwise, the contract’s Chinese message', () => {
    const e = new DomainError('REASON_REQUIRED');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('REASON_REQUIRED');
    expect(e.message).toBe('请填写原因');
    expect(e.issues).toBeUndefined();
  });

  it('may say more than the code’s message, and name the fields at fault', () => {
    const issues = [{ path: 'fields.phone', message: '手机号码格式不正确' }];
    const e = new DomainError('INVALID_INPUT', '手机号码格式不正确', issues);
    expect(e.message).toBe('手机号码格式不正确');
    expect(e.issues).toEqual(issues);
  });

  it('every code has a Chinese message', () => {
    for (const message of Object.values(ERROR_MESSAGES)) expect(message).toMatch(/\p{Script=Han}/u);
  });
});

describe('refuse', () => {
  it('throws a domain error with the code, message and issues given', () => {
    const issues = [{ path: 'explanation', message: '请填写解约说明' }];
    const e = refusal(() => refuse('INVALID_INPUT', '请填写解约说明', issues));
    expect({ code: e.code, message: e.message, issues: e.issues }).toEqual({ code: 'INVALID_INPUT', message: '请填写解约说明', issues });
  });

  it('with only a code, the contract’s message', () => {
    expect(refusal(() => refuse('TERMINATION_CLOSED')).message).toBe(ERROR_MESSAGES.TERMINATION_CLOSED);
  });
});
