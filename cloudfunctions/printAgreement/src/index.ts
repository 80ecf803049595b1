import { cloudMain } from '../../../server/runtime/cloud';
import { printAgreement } from '../../../server/functions/printAgreement';

export const main = cloudMain(printAgreement);
