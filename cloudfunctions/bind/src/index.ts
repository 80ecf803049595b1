import { cloudMain } from '../../../server/runtime/cloud';
import { bind } from '../../../server/usecases/bind';

export const main = cloudMain(bind);
