import { cloudMain } from '../../../server/runtime/cloud';
import { employerConfirm } from '../../../server/usecases/employerConfirm';

export const main = cloudMain(employerConfirm);
