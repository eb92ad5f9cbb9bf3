import { z } from "zod";
import { CloudLoggingConfigSchema } from "./sections/cloud-logging.js";
import { ClusterConfigSchema } from "./sections/cluster.js";
import { InputConfigSchema } from "./sections/input.js";
import { JudgeConfigSchema } from "./sections/judge.js";
import { LinksConfigSchema } from "./sections/links.js";
import { MinerConfigSchema } from "./sections/miner.js";
import { NotifyConfigSchema } from "./sections/notify.js";
import { RedactionConfigSchema } from "./sections/redaction.js";
import { ReportConfigSchema } from "./sections/report.js";
import { RoutingConfigSchema } from "./sections/routing.js";
import { StateConfigSchema } from "./sections/state.js";
import { TrackerConfigSchema } from "./sections/tracker.js";
import { WarehouseConfigSchema } from "./sections/warehouse.js";

/** The whole configuration: file, then environment, then flags; every default documented in its section. */
export const ConfigSchema = z
  .object({
    input: InputConfigSchema.default(InputConfigSchema.parse({})),
    miner: MinerConfigSchema.default(MinerConfigSchema.parse({})),
    cluster: ClusterConfigSchema.default(ClusterConfigSchema.parse({})),
    judge: JudgeConfigSchema.default(JudgeConfigSchema.parse({})),
    redaction: RedactionConfigSchema.default(RedactionConfigSchema.parse({})),
    state: StateConfigSchema.default(StateConfigSchema.parse({})),
    report: ReportConfigSchema.default(ReportConfigSchema.parse({})),
    tracker: TrackerConfigSchema.default(TrackerConfigSchema.parse({})),
    cloudLogging: CloudLoggingConfigSchema.default(CloudLoggingConfigSchema.parse({})),
    links: LinksConfigSchema.default(LinksConfigSchema.parse({})),
    warehouse: WarehouseConfigSchema.default(WarehouseConfigSchema.parse({})),
    notify: NotifyConfigSchema.default(NotifyConfigSchema.parse({})),
    routing: RoutingConfigSchema.default(RoutingConfigSchema.parse({})),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** The defaults, for tests and for stages run without a config file. */
export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
