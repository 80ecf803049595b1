import { cloudMain } from '../../../server/runtime/cloud';
import { respondOffer } from '../../../server/usecases/respondOffer';

export const main = cloudMain(respondOffer);
