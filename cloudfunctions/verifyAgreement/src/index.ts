import { cloudMain } from '../../../server/runtime/cloud';
import { verifyAgreement } from '../../../server/functions/verifyAgreement';

export const main = cloudMain(verifyAgreement);
