import { Command, Option } from "@commander-js/extra-typings";
import { UsageError } from "../../model/errors.js";
import type { LocalIssue, StateStore } from "../../state/index.js";
import { formatTable, openStateForReading, positiveInteger, type CommandOutput } from "./history.js";

const STATE_HELP = "state file (default .log-gardener/state.db, or state.path in the config)";

/**
 * `log-gardener issues`: the local tracker (issues kept in the state file when no GitHub repository
 * is given): list them, read one with its comments, close or reopen one as a person would on GitHub.
 */
export function issuesCommand(io: CommandOutput = { stdout: process.stdout }) {
  const list = new Command("list")
    .option("--state <path>", STATE_HELP)
    .option("--config <file>", "config file (YAML or JSON)")
    .description("List local issues, newest first.")
    .addOption(new Option("--status <state>", "which issues").choices(["open", "closed", "all"] as const).default("open" as const))
    .option("--json", "print JSON to stdout for scripts")
    .action(async (opts) => {
      await withStore(opts, async (store) => {
        const issues = await store.listLocalIssues({ state: opts.status });
        if (opts.json) {
          io.stdout.write(`${JSON.stringify(issues, null, 2)}\n`);
          return;
        }
        if (issues.length === 0) {
          io.stdout.write(`no ${opts.status === "all" ? "" : `${opts.status} `}local issues in ${store.location}\n`);
          return;
        }
        io.stdout.write(
          formatTable(
            ["#", "state", "updated", "labels", "title"],
            issues.map((i) => [String(i.number), stateText(i), i.updated_at.slice(0, 19), i.labels.join(","), i.title]),
            [0],
          ),
        );
      });
    });

  const show = new Command("show")
    .option("--state <path>", STATE_HELP)
    .option("--config <file>", "config file (YAML or JSON)")
    .description("Show one local issue with its comments.")
    .argument("<number>", "issue number", positiveInteger)
    .option("--json", "print JSON to stdout for scripts")
    .action(async (number, opts) => {
      await withStore(opts, async (store) => {
        const issue = await requireIssue(store, number);
        const comments = await store.listLocalComments(number);
        if (opts.json) {
          io.stdout.write(`${JSON.stringify({ ...issue, comments }, null, 2)}\n`);
          return;
        }
        const lines = [
          `#${issue.number} ${issue.title}`,
          `${stateText(issue)} · labels: ${issue.labels.join(", ") || "none"} · created ${issue.created_at} · updated ${issue.updated_at}`,
          "",
          issue.body,
          ...comments.flatMap((c) => ["", `--- comment ${c.id} by ${c.author}, ${c.created_at}${c.updated_at !== c.created_at ? ` (edited ${c.updated_at})` : ""}`, "", c.body]),
        ];
        io.stdout.write(`${lines.join("\n")}\n`);
      });
    });

  const close = new Command("close")
    .option("--state <path>", STATE_HELP)
    .option("--config <file>", "config file (YAML or JSON)")
    .description("Close a local issue (a later recurrence reopens it as a regression; not-planned mutes it).")
    .argument("<number>", "issue number", positiveInteger)
    .addOption(new Option("--reason <reason>", "why").choices(["completed", "not_planned"] as const).default("completed" as const))
    .action(async (number, opts) => {
      await withStore(opts, async (store) => {
        await requireIssue(store, number);
        const issue = await store.updateLocalIssue(number, { state: "closed", state_reason: opts.reason });
        io.stdout.write(`closed #${issue.number} (${opts.reason}): ${issue.title}\n`);
      });
    });

  const reopen = new Command("reopen")
    .option("--state <path>", STATE_HELP)
    .option("--config <file>", "config file (YAML or JSON)")
    .description("Reopen a closed local issue.")
    .argument("<number>", "issue number", positiveInteger)
    .action(async (number, opts) => {
      await withStore(opts, async (store) => {
        await requireIssue(store, number);
        const issue = await store.updateLocalIssue(number, { state: "open", state_reason: "reopened" });
        io.stdout.write(`reopened #${issue.number}: ${issue.title}\n`);
      });
    });

  return new Command("issues")
    .description("Read and close the issues of the local tracker.")
    .addCommand(list, { isDefault: true })
    .addCommand(show)
    .addCommand(close)
    .addCommand(reopen);
}

async function withStore(opts: { readonly state?: string; readonly config?: string }, work: (store: StateStore) => Promise<void>): Promise<void> {
  const { store } = await openStateForReading(opts);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

async function requireIssue(store: StateStore, number: number): Promise<LocalIssue> {
  const issue = await store.getLocalIssue(number);
  if (!issue) throw new UsageError(`no local issue #${number} in ${store.location}`);
  return issue;
}

function stateText(issue: LocalIssue): string {
  return issue.state === "open" ? "open" : `closed${issue.state_reason ? ` (${issue.state_reason})` : ""}`;
}
