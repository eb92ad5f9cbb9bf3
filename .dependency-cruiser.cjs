/** The pipeline's import rules (see the table in README "Layout"): no stage imports a later one; pure stages touch no I/O. */
const stage = (name) => `^src/${name}/`;
const forbid = (name, from, to, comment) => ({ name, severity: "error", comment, from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    forbid("model-is-leaf", stage("model"), "^src/(?!model/)", "model holds plain types only"),
    forbid("config-imports-model-only", stage("config"), "^src/(?!model/|config/)", ""),
    forbid("http-imports-model-only", stage("http"), "^src/(?!model/|http/|config/sections/)", ""),
    forbid("sources-before-normalise", stage("sources"), "^src/(normalise|mine|cluster|judge|report|tracker|state|pipeline|cli)/", "sources read; they do not interpret"),
    forbid("normalise-imports-model-only", stage("normalise"), "^src/(?!model/|normalise/|config/sections/)", ""),
    forbid("mine-imports-model-only", stage("mine"), "^src/(?!model/|mine/|config/sections/)", ""),
    forbid("cluster-imports-model-and-mine", stage("cluster"), "^src/(?!model/|mine/|cluster/|config/sections/)", ""),
    forbid("judge-imports-model-only", stage("judge"), "^src/(?!model/|judge/|config/sections/)", ""),
    {
      name: "stages-take-config-types-only",
      severity: "error",
      comment: "a stage receives its options as an argument; it may name their type, never load config",
      from: { path: "^src/(sources|normalise|mine|cluster|judge|report|tracker|state|http|notify)/" },
      to: { path: "^src/config/", dependencyTypesNot: ["type-only"] },
    },
    forbid("state-imports-model-only", stage("state"), "^src/(?!model/|state/|config/sections/)", ""),
    forbid("report-imports-model-only", stage("report"), "^src/(?!model/|report/|config/sections/)", ""),
    forbid("tracker-uses-pure-report-only", stage("tracker"), "^src/(?!model/|tracker/|state/store|config/sections/|report/(?!write)|http/capped-body)", "the tracker may render, never write report files; of http, only the response cap (Octokit does the rest)"),
    forbid("notify-is-a-sink", stage("notify"), "^src/(?!model/|notify/|http/|config/sections/)", "notifications render from the report and send through http"),
    forbid("action-goes-through-cli", stage("action"), "^src/(?!model/|action/|cli/|pipeline/)", "the Action is the CLI with inputs for flags"),
    forbid("cli-goes-through-pipeline", stage("cli"), "^src/(mine|cluster|judge|report|tracker|sources|notify)/", "only pipeline puts stages together"),
    {
      name: "pure-stages-do-no-io",
      severity: "error",
      comment: "normalise, mine, cluster and judge are pure: no fs, no network, no process",
      from: { path: "^src/(normalise|mine|cluster|judge)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(node:)?(fs|fs/promises|http|https|net|child_process|process)$", dependencyTypes: ["core"] },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "no-dev-deps-in-src",
      severity: "error",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["npm-dev"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
