import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-mine-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const INPUT = ["Received block blk_123 of size 64 from 10.0.0.1", "PacketResponder 1 terminating", "Received block blk_-9 of size 3 from 10.0.0.2"].join("\n");

describe("log-gardener mine", () => {
  test("writes one NDJSON object per input line with the cluster's final template", async () => {
    const result = await runCli(["mine", "-"], { stdin: `${INPUT}\n` });
    assert.equal(result.code, 0);
    const rows = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { line: number; cluster: string; template: string });
    assert.deepEqual(
      rows.map((row) => [row.line, row.template]),
      [
        [1, "Received block <*> of size <*> from <*>"],
        [2, "PacketResponder <*> terminating"],
        [3, "Received block <*> of size <*> from <*>"],
      ],
    );
    assert.equal(rows[0]?.cluster, rows[2]?.cluster);
    assert.notEqual(rows[0]?.cluster, rows[1]?.cluster);
    assert.match(result.stderr, /mined 3 lines into 2 templates/);
  });

  test("reads a file with CRLF line ends", async () => {
    const file = join(scratch, "messages.log");
    writeFileSync(file, INPUT.replaceAll("\n", "\r\n"));
    const result = await runCli(["mine", file]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim().split("\n").length, 3);
    assert.ok(!result.stdout.includes("\\r"));
  });

  test("the summary counts the shapes held and those the cluster bound evicted", async () => {
    const config = join(scratch, "config.json");
    writeFileSync(config, JSON.stringify({ miner: { maxClusters: 2 } }));
    const lines = ["alpha one happened", "beta two happened twice", "gamma three", "delta four four four"];
    const result = await runCli(["mine", "--config", config, "-"], { stdin: `${lines.join("\n")}\n` });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /mined 4 lines into 2 templates .*\(2 shapes held, 2 evicted by miner\.maxClusters,/);
  });

  test("a missing file is a one-line usage error with exit code 2", async () => {
    const result = await runCli(["mine", "/nonexistent/messages.log"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^log-gardener: cannot read \/nonexistent\/messages.log/);
  });
});
