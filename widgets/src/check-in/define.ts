import { defineElement } from '../shared/define.ts';
import { GinkgoCheckIn } from './check-in.ts';
// The form nests a finder to pick the branch with.
import '../branch-finder/define.ts';

defineElement('ginkgo-check-in', GinkgoCheckIn);
