import { cloudMain } from '../../../server/runtime/cloud';
import { review } from '../../../server/usecases/review';

export const main = cloudMain(review);
