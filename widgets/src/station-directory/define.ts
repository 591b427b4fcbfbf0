import { defineElement } from '../shared/define.ts';
import { GinkgoStationDirectory } from './station-directory.ts';

defineElement('ginkgo-station-directory', GinkgoStationDirectory);
