// The storage conformance suites: every LogStore, StableStore and SnapshotStore (in-memory,
// first-party adapter or third party) runs these. See README.md beside this file.

export {
  type CrashSafetyConformanceOptions,
  crashSafetyConformance,
} from './crash-safety-conformance.js';
export { type CrashTrialOptions, type CrashTrialResult, runCrashTrial } from './crash-trial.js';
export {
  applyCrashStep,
  type CrashModel,
  type CrashStep,
  type CrashWriterMessage,
  crashModels,
  crashScript,
  diffAgainstModel,
  runCrashWriter,
} from './crash-workload.js';
export { type LogStoreConformanceOptions, logStoreConformance } from './log-store-conformance.js';
export { NO_SMALL_FILESYSTEM, smallFilesystem } from './small-filesystem.js';
export {
  type SnapshotStoreConformanceOptions,
  snapshotStoreConformance,
} from './snapshot-store-conformance.js';
export { type StableStoreConformanceOptions, stableStoreConformance } from './stable-store-conformance.js';
export { NO_REOPEN_NOTE, type StoreFactory, type StoreHarness } from './store-harness.js';
export { offsetOf, tempDir } from './temp-dir.js';
