import { cloudMain } from '../../../server/runtime/cloud';
import { initiateSigning } from '../../../server/usecases/initiateSigning';

export const main = cloudMain(initiateSigning);
