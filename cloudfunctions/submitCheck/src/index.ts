import { cloudMain } from '../../../server/runtime/cloud';
import { submitCheck } from '../../../server/functions/submitCheck';

export const main = cloudMain(submitCheck);
