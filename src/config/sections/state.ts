import { z } from "zod";

export const StateConfigSchema = z
  .object({
    path: z.string().default(".log-gardener/state.db"),
  })
  .strict();
export type StateConfig = z.infer<typeof StateConfigSchema>;
