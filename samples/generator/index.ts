export { gcloudJsonElement, sortKeysDeep } from "./cloud-run.js";
export { generateCloudRunExport, SAMPLE_SEED, SAMPLE_WINDOWS, streamCloudRunExport, type GenerateOptions, type LabelledEntry } from "./generate.js";
export { PROBLEMS, type Problem, type Scenario } from "./problems.js";
export { renderSampleFiles, type SampleFile } from "./sample-files.js";
export { expectedPerHour, hourlyCounts, type RhythmProblem } from "./daily-rhythm.js";
export { createRandom, type Random } from "./random.js";
