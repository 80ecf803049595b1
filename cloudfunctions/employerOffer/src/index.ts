import { cloudMain } from '../../../server/runtime/cloud';
import { employerOffer } from '../../../server/usecases/employerOffer';

export const main = cloudMain(employerOffer);
