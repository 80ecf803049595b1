import { cloudMain } from '../../../server/runtime/cloud';
import { sealAgreement } from '../../../server/usecases/sealAgreement';

export const main = cloudMain(sealAgreement);
