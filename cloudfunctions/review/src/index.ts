import { cloudMain } from '../../../server/runtime/cloud';
import { review } from '../../../server/functions/review';

export const main = cloudMain(review);
