/**
 * The 1:N pre-filter: a fixed-length code per enrolled finger and a fast similarity to a prepared
 * probe, so a search can keep the few hundred most likely candidates before the full matcher.
 */
export { PREFILTER_WORDS, writePrefilterCode } from './code.js';
export { type PrefilterProbe, preparePrefilterProbe, preparePrefilterProbeInto, prefilterScore, PRESENT_WORDS } from './probe.js';
