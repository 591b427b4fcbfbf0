import { defineElement } from '../shared/define.ts';
import { GinkgoBranchFinder } from './branch-finder.ts';

defineElement('ginkgo-branch-finder', GinkgoBranchFinder);
