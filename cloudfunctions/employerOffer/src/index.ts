import { cloudMain } from '../../../server/runtime/cloud';
import { employerOffer } from '../../../server/functions/employerOffer';

export const main = cloudMain(employerOffer);
