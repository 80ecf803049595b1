import { cloudMain } from '../../../server/runtime/cloud';
import { query } from '../../../server/functions/query';

export const main = cloudMain(query);
