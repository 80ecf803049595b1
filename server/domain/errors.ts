import { ERROR_MESSAGES, type ErrorCode, type FieldIssue } from '../../typings';

/** A refusal the user should see: a code from the contract and its Chinese message. Never a stack trace. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = (code: ErrorCode, message?: string, issues?: FieldIssue[]): never => {
  throw new DomainError(code, message, issues);
};
