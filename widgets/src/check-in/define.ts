import { defineElement } from '../shared/define.ts';
import { GinkgoCheckIn } from './check-in.ts';

defineElement('ginkgo-check-in', GinkgoCheckIn);
