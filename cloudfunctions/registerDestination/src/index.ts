import { cloudMain } from '../../../server/runtime/cloud';
import { registerDestination } from '../../../server/usecases/registerDestination';

export const main = cloudMain(registerDestination);
