import { cloudMain } from '../../../server/runtime/cloud';
import { initiateSigning } from '../../../server/functions/initiateSigning';

export const main = cloudMain(initiateSigning);
