import { Args, Command } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { Effect } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { RunDetailDocument } from "../Documents.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderRunDetail } from "../views/RunViews.js"

export const runsShowHelp: CommandHelp = {
  usage: "runs show RUN_ID",
  summary: "One run with its evaluations, telemetry, artifacts and, when it did not pass, the reason.",
  examples: ["ze runs show RUN_ID", "ze runs show RUN_ID --format json"]
}

export const runsShow = Command.make(
  "show",
  {
    runId: Args.text({ name: "RUN_ID" }).pipe(Args.withDescription("A run id, as `ze runs list` shows it.")),
    format: dataFormatOption,
    store: storeOptions
  },
  ({ format, runId, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const detail = yield* ze.runs.get({ path: { runId } })
      if (format === "json") return yield* printJson(RunDetailDocument, detail)
      yield* printLines(renderRunDetail(detail, yield* terminalWidth))
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(runsShowHelp)))
