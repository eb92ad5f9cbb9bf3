/** The cluster stage's entry point: what the miner sees (`miningInput`), the accumulator, fingerprints. */
export { createClusterAccumulator, type ClusterAccumulator, type ClusterOptions } from "./group.js";
export { clusterName } from "./name.js";
export { templateFingerprint, type FingerprintParts } from "./fingerprint.js";
export { miningInput, miningScope, scopeKey, type MiningInput, type MiningScope } from "./mining-input.js";
