import { cloudMain } from '../../../server/runtime/cloud';
import { verifyAgreement } from '../../../server/usecases/verifyAgreement';

export const main = cloudMain(verifyAgreement);
