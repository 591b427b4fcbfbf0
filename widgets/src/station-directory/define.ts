import { defineElement } from '../shared/define.ts';
import { GinkgoStationDirectory } from './station-directory.ts';
// The directory is built from the finder's cards, lists and styles. Taking the finder whole puts
// all of it, like lit-html and the SDK, in the one chunk the three widgets share: fewer and larger
// chunks compress better, and the finder's page loads one chunk instead of three.
import '../branch-finder/define.ts';

defineElement('ginkgo-station-directory', GinkgoStationDirectory);
