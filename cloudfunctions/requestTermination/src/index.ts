import { cloudMain } from '../../../server/runtime/cloud';
import { requestTermination } from '../../../server/usecases/requestTermination';

export const main = cloudMain(requestTermination);
