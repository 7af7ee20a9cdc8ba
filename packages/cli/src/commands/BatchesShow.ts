import { Args, Command } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { Effect } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { BatchDetailDocument } from "../Documents.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderBatchDetail } from "../views/BatchViews.js"

export const batchIdArg = Args.text({ name: "BATCH_ID" }).pipe(
  Args.withDescription("A batch id, as `ze batches list` shows it and `ze bench` prints it.")
)

export const batchesShowHelp: CommandHelp = {
  usage: "batches show BATCH_ID",
  summary: "One batch: totals, breakdowns by scenario, agent, tier and evaluator, its runs, and why runs did not pass.",
  examples: ["ze batches show BATCH_ID", "ze batches show BATCH_ID --format json"]
}

export const batchesShow = Command.make(
  "show",
  { batchId: batchIdArg, format: dataFormatOption, store: storeOptions },
  ({ batchId, format, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const detail = yield* ze.batches.get({ path: { batchId } })
      if (format === "json") return yield* printJson(BatchDetailDocument, detail)
      yield* printLines(renderBatchDetail(detail, yield* terminalWidth))
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(batchesShowHelp)))
