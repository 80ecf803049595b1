import { cloudMain } from '../../../server/runtime/cloud';
import { submitCheck } from '../../../server/usecases/submitCheck';

export const main = cloudMain(submitCheck);
