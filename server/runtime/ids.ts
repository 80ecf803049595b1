/** Server-made ids (agreements, messages, uploads): 20 hex characters of randomness, unguessable and URL-safe. */
import { randomBytes } from 'node:crypto';

export const randomId = (): string => randomBytes(10).toString('hex');
