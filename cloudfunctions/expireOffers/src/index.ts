import { cloudMain } from '../../../server/runtime/cloud';
import { expireOffers } from '../../../server/functions/expireOffers';

export const main = cloudMain(expireOffers);
