import { cloudMain } from '../../../server/runtime/cloud';
import { respondOffer } from '../../../server/functions/respondOffer';

export const main = cloudMain(respondOffer);
