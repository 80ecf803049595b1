import { cloudMain } from '../../../server/runtime/cloud';
import { expireOffers } from '../../../server/usecases/expireOffers';

export const main = cloudMain(expireOffers);
