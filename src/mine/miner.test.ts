import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createMiner } from "./miner.js";
import { parseMinerSnapshot } from "./snapshot.js";

/** Line index groups as a canonical, order-free value. */
function partition(ids: readonly string[], resolve: (id: string) => string): string[] {
  const groups = new Map<string, number[]>();
  ids.forEach((id, index) => {
    const key = resolve(id);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return [...groups.values()].map((members) => members.sort((a, b) => a - b).join(",")).sort();
}

describe("createMiner", () => {
  test("lines that differ only in masked values share one template", () => {
    const miner = createMiner();
    const first = miner.add("Received block blk_123 of size 67108864 from 10.250.10.6");
    const second = miner.add("Received block blk_-99 of size 3 from 10.251.71.16");
    assert.equal(first.outcome, "created");
    assert.equal(second.templateId, first.templateId);
    assert.equal(miner.template(first.templateId)?.template, "Received block <*> of size <*> from <*>");
  });

  test("a line gets its shape's id, which resolves to the template that covers it", () => {
    const miner = createMiner();
    const first = miner.add("connected to host-a1 in 5ms");
    const later = miner.add("connected to host-b2x in 7ms");
    assert.deepEqual([first.outcome, later.outcome], ["created", "created"]);
    assert.equal(miner.add("connected to host-a1 in 9ms").outcome, "unchanged");
    const template = miner.template(later.templateId);
    assert.equal(template?.templateId, miner.template(first.templateId)?.templateId);
    assert.equal(template?.template, "connected to host-<*> in <*>");
    assert.equal(template?.size, 3);
  });

  test("the same lines in any order give the same templates, ids and first templates", () => {
    const lines = [
      "Invalid user root from 1.2.3.4",
      "connected to host-a1 in 5ms",
      "Invalid user admin from 1.2.3.5",
      "connected to host-b2x in 7ms",
      "Invalid user guest from 1.2.3.6",
      "connected to host-a1 in 9ms",
      "conn 10.0.0.1:80 close, 10 bytes sent, lifetime 00:01",
      "conn 10.0.0.1:80 close, 10 bytes (1.2 KB) sent, lifetime <1 sec",
    ];
    const mine = (order: readonly number[]) => {
      const miner = createMiner();
      const ids: string[] = Array(lines.length).fill("");
      for (const index of order) ids[index] = miner.add(lines[index] as string).templateId;
      return ids.map((id) => miner.template(id));
    };
    const forward = mine(lines.map((_, index) => index));
    assert.deepEqual(mine(lines.map((_, index) => lines.length - 1 - index)), forward);
    assert.deepEqual(mine([3, 6, 0, 7, 5, 1, 4, 2]), forward);
  });

  test("a word that holds nearly every line at its position stays a constant beside rare others", () => {
    const miner = createMiner();
    const line = (user: string) => `authentication failure; rhost=10.0.0.1 user=${user}`;
    const root = Array.from({ length: 40 }, () => miner.add(line("root")).templateId)[0] as string;
    const guest = miner.add(line("guest")).templateId;
    const test = miner.add(line("test")).templateId;
    assert.equal(miner.template(root)?.template, "authentication failure; rhost=<*> user=root");
    assert.equal(new Set([root, guest, test].map((id) => miner.template(id)?.templateId)).size, 3);
    // three words in even shares, or six however shared, are a variable
    for (const user of ["ftp", "git", "mysql"]) miner.add(line(user));
    assert.equal(miner.template(guest)?.template, "authentication failure; rhost=<*> user=<*>");
    assert.equal(miner.template(root)?.templateId, miner.template(guest)?.templateId);
  });

  test("ids are the same for the same input in a new miner", () => {
    const lines = ["a 1", "b c 2", "a 3", "d"];
    const run = () => lines.map((line) => createMiner().add(line).templateId);
    assert.deepEqual(run(), run());
  });

  test("templates never merge across scopes", () => {
    const miner = createMiner();
    assert.notEqual(miner.add("timeout after 5s", "svc-a").templateId, miner.add("timeout after 9s", "svc-b").templateId);
  });

  test("a position folds into <*> once three distinct words are seen there", () => {
    const miner = createMiner();
    const ids = ["root", "admin", "guest"].map((user) => miner.add(`Invalid user ${user} from 1.2.3.4`).templateId);
    const templates = ids.map((id) => miner.template(id)?.template);
    assert.deepEqual(templates, Array(3).fill("Invalid user <*> from <*>"));
    assert.equal(new Set(ids.map((id) => miner.template(id)?.templateId)).size, 1);
  });

  test("two distinct words at a position stay two templates", () => {
    const miner = createMiner();
    const a = miner.add("Failed password for root from 1.2.3.4 port 22 ssh2");
    const b = miner.add("Accepted password for root from 1.2.3.4 port 22 ssh2");
    assert.notEqual(a.templateId, b.templateId);
  });

  test("a line longer than the limit is still clustered on its prefix", () => {
    const miner = createMiner({ maxLineLength: 20 });
    const a = miner.add(`payload too large: ${"x".repeat(100)}`);
    const b = miner.add(`payload too large: ${"y".repeat(50)}`);
    assert.equal(a.templateId, b.templateId);
    assert.equal(miner.stats().truncatedLines, 2);
  });

  test("the cluster bound evicts the least recently used template and counts it", () => {
    const miner = createMiner({ maxClusters: 2 });
    const kept = miner.add("alpha event").templateId;
    miner.add("beta event happened");
    miner.add("alpha event");
    miner.add("gamma thing was seen today");
    assert.equal(miner.stats().evictions, 1);
    assert.equal(miner.stats().clusters, 2);
    assert.ok(miner.template(kept) !== undefined);
  });

  test("parameters are the values under the template's variables", () => {
    const miner = createMiner();
    const { templateId } = miner.add("Received block blk_38865049064139660 of size 64 from 10.0.0.1:50010");
    assert.deepEqual(miner.parameters(templateId, "Received block blk_-42 of size 128 from 10.0.0.2:50011"), ["blk_-42", "128", "10.0.0.2", "50011"]);
  });

  test("a date in words and a size with its unit are one value each, in the template and in the parameters", () => {
    const miner = createMiner();
    const { templateId } = miner.add("connection from 10.0.0.1 at Fri Jun 17 07:07:00 2005, sent 5.2 KB");
    miner.add("connection from 10.0.0.9 at Sat Jul 2 23:01:59 2005, sent 310 B");
    assert.equal(miner.template(templateId)?.template, "connection from <*> at <*>:<*>:<*>, sent <*>");
    assert.deepEqual(miner.parameters(templateId, "connection from 10.0.0.9 at Sat Jul 2 23:01:59 2005, sent 1.1 MB"), ["10.0.0.9", "Sat Jul 2 23", "01", "59 2005", "1.1 MB"]);
  });
});

describe("miner snapshot", () => {
  test("a restored miner keeps ids, templates and sizes", () => {
    const miner = createMiner();
    const { templateId } = miner.add("job 17 finished in 3s");
    miner.add("job 18 finished in 4s");
    const restored = createMiner({}, parseMinerSnapshot(JSON.parse(JSON.stringify(miner.toSnapshot()))));
    assert.deepEqual(restored.template(templateId), miner.template(templateId));
    const again = restored.add("job 19 finished in 5s");
    assert.deepEqual([again.templateId, again.outcome], [templateId, "unchanged"]);
  });

  test("a restored miner groups new lines with the stored ones", () => {
    const miner = createMiner();
    const { templateId } = miner.add("queue host-a1 is full");
    const restored = createMiner({}, miner.toSnapshot());
    const later = restored.add("queue host-b2x is full");
    assert.deepEqual(
      [restored.template(later.templateId)?.templateId, restored.template(templateId)?.template],
      [restored.template(templateId)?.templateId, "queue host-<*> is full"],
    );
  });

  test("a snapshot of version 1 (templates, aliases) is read as shapes, and its ids keep resolving", () => {
    const v1 = {
      version: 1,
      clusters: [{ id: "told", scope: "", tokens: ["job", "<*>", "finished"], firstTemplate: "job <*> finished", size: 4 }],
      aliases: [{ id: "tfolded", target: "told" }],
    };
    const restored = createMiner({}, parseMinerSnapshot(v1));
    assert.equal(restored.template("tfolded")?.template, "job <*> finished");
    assert.equal(restored.template(restored.add("job 12 finished").templateId)?.templateId, "told");
    assert.equal(restored.template("told")?.size, 5);
  });

  test("folded and grouped templates keep resolving after a restore", () => {
    const miner = createMiner();
    const folded = ["root", "admin", "guest"].map((user) => miner.add(`Invalid user ${user} from 1.2.3.4`).templateId);
    const short = miner.add("conn 10.0.0.1:80 close, 10 bytes sent, lifetime 00:01").templateId;
    const long = miner.add("conn 10.0.0.1:80 close, 10 bytes (1.2 KB) sent, lifetime <1 sec").templateId;
    const restored = createMiner({}, parseMinerSnapshot(JSON.parse(JSON.stringify(miner.toSnapshot()))));
    for (const id of [...folded, short, long]) assert.deepEqual(restored.template(id), miner.template(id));
    assert.equal(restored.template(long)?.template, "conn <*>:<*> close, <*> bytes <*> sent, lifetime <*>");
  });

  test("rejects a snapshot of another version", () => {
    assert.throws(() => parseMinerSnapshot({ version: 99, clusters: [] }));
  });

  test("rejects a snapshot with a malformed cluster", () => {
    assert.throws(() => parseMinerSnapshot({ version: 1, clusters: [{ id: "", scope: "", tokens: [], firstTemplate: "", size: -1 }] }));
  });

  test("reads a snapshot written before aliases were stored", () => {
    assert.deepEqual(parseMinerSnapshot({ version: 1, clusters: [] }), { version: 1, clusters: [], aliases: [] });
    assert.equal(createMiner().toSnapshot().version, 2);
  });
});

describe("templates of different lengths", () => {
  test("a variable that spans several words keeps one template", () => {
    const miner = createMiner();
    const a = miner.add("chrome.exe:443 close, 0 bytes sent, 10 bytes received, lifetime 00:01");
    const b = miner.add("chrome.exe:443 close, 5 bytes (1.2 KB) sent, 10 bytes received, lifetime <1 sec");
    assert.equal(miner.template(b.templateId)?.templateId, miner.template(a.templateId)?.templateId);
    assert.equal(miner.template(a.templateId)?.size, 2);
  });

  test("a group of templates of several lengths takes a bounded number of members (maxCandidates)", () => {
    const lines = Array.from({ length: 4 }, (_, count) => `job ${Array.from({ length: count + 1 }, (_, index) => index * 7).join(" ")} finished ok now`);
    const unbounded = createMiner();
    for (const line of lines) unbounded.add(line);
    assert.equal(unbounded.templates().length, 1);
    const bounded = createMiner({ maxCandidates: 1 });
    for (const line of lines) bounded.add(line);
    assert.ok(bounded.templates().length >= 2, `${bounded.templates().length} templates`);
    assert.equal(bounded.templates().reduce((total, info) => total + info.size, 0), lines.length);
  });

  test("a quoted word that holds a space keeps its words through a snapshot", () => {
    const miner = createMiner();
    const { templateId } = miner.add('lock tag="View Lock" held 5 ms');
    const restored = createMiner({}, miner.toSnapshot());
    assert.equal(restored.template(templateId)?.template, 'lock tag="View Lock" held <*> ms');
    assert.equal(restored.add('lock tag="View Lock" held 9 ms').templateId, templateId);
  });

  test("an extra word is not a variable of variable length", () => {
    const miner = createMiner();
    const a = miner.add("Received block blk_1234 of size 64");
    const b = miner.add("Received block blk_5678 of size 64 from 10.0.0.1");
    assert.notEqual(miner.template(b.templateId)?.templateId, miner.template(a.templateId)?.templateId);
  });
});

describe("miner properties", () => {
  const word = fc.stringMatching(/^[a-z]{3,8}$/);
  const value = fc.oneof(
    fc.nat({ max: 1_000_000 }).map(String),
    fc.tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.nat({ max: 65535 })).map(([a, b, port]) => `10.${a}.${b}.1:${port}`),
    fc.uuid(),
  );
  // templates with distinct first words; "#" marks a variable slot
  const templates = fc.uniqueArray(fc.tuple(word, fc.array(fc.oneof(word, fc.constant("#")), { minLength: 1, maxLength: 6 })), {
    minLength: 1,
    maxLength: 5,
    selector: ([first]) => first,
  });

  test("the same messages in another order give the same grouping", () => {
    fc.assert(
      fc.property(
        templates.chain((shapes) =>
          fc.tuple(
            fc.array(fc.tuple(fc.nat({ max: shapes.length - 1 }), fc.array(value, { minLength: 6, maxLength: 6 })), { minLength: 1, maxLength: 30 }).map((picks) =>
              picks.map(([index, values]) => {
                const [first, rest] = shapes[index] ?? ["x", []];
                let slot = 0;
                return [first, ...rest.map((token) => (token === "#" ? (values[slot++] ?? "0") : token))].join(" ");
              }),
            ),
            fc.context(),
          ),
        ),
        fc.infiniteStream(fc.double()),
        ([messages], randoms) => {
          const shuffled = messages.map((message, index) => ({ message, index }));
          const keys = [...randoms.take(shuffled.length)];
          shuffled.sort((a, b) => (keys[a.index] ?? 0) - (keys[b.index] ?? 0));
          const forward = createMiner();
          const forwardIds = messages.map((message) => forward.add(message).templateId);
          const backward = createMiner();
          const backwardIds: string[] = Array(messages.length).fill("");
          for (const { message, index } of shuffled) backwardIds[index] = backward.add(message).templateId;
          assert.deepEqual(
            partition(forwardIds, (id) => forward.template(id)?.templateId ?? id),
            partition(backwardIds, (id) => backward.template(id)?.templateId ?? id),
          );
        },
      ),
    );
  });

  test("messages that differ in a constant word never share a template by masking alone", () => {
    fc.assert(
      fc.property(word, word, word, value, (head, a, b, variable) => {
        // literals (`true`, `null`) are values, not constant words
        fc.pre(a !== b && ![head, a, b].some((w) => ["true", "false", "null", "nil"].includes(w)));
        const miner = createMiner();
        const first = miner.add(`${head} ${a} ${variable}`);
        const second = miner.add(`${head} ${b} ${variable}`);
        assert.notEqual(first.templateId, second.templateId);
      }),
    );
  });
});
