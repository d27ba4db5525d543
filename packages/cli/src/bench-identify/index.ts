/** `kura bench identify`: the 1:N accuracy and speed benchmark (issue 7), shared by the CLI and bench/identify. */
export { type IdentifyBenchResult, type IdentifyBenchDetails, type IdentifyBenchOptions, checkIdentifyOptions, runIdentifyBenchmark } from './identify-benchmark.js';
export { type SearchOutcomes, type FpirOperatingPoint, fnirAtFpir, percentile } from './accuracy.js';
export { galleryCachePath } from './gallery-cache.js';
export { CacheCorruptError } from './cache-file.js';
export { IDENTIFY_BENCH, GALLERY_GENERATOR } from './parameters.js';
