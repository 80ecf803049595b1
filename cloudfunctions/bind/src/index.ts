import { cloudMain } from '../../../server/runtime/cloud';
import { bind } from '../../../server/functions/bind';

export const main = cloudMain(bind);
