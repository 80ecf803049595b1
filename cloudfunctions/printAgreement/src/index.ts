import { cloudMain } from '../../../server/runtime/cloud';
import { printAgreement } from '../../../server/usecases/printAgreement';

export const main = cloudMain(printAgreement);
