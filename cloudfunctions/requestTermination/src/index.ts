import { cloudMain } from '../../../server/runtime/cloud';
import { requestTermination } from '../../../server/functions/requestTermination';

export const main = cloudMain(requestTermination);
