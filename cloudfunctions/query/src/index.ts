import { cloudMain } from '../../../server/runtime/cloud';
import { query } from '../../../server/usecases/query';

export const main = cloudMain(query);
