import { Command } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { Console, Effect, Option } from "effect"
import { dim } from "../Ansi.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { BatchListDocument } from "../Documents.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderBatchList } from "../views/BatchViews.js"
import { cursorOption, limitOption } from "./RunsList.js"

export const batchesListHelp: CommandHelp = {
  usage: "batches list",
  summary: "List batches, newest first, with their totals, success rate, average score, duration and cost.",
  examples: ["ze batches list", "ze batches list -n 5 --format json"]
}

export const batchesList = Command.make(
  "list",
  { limit: limitOption(20), cursor: cursorOption, format: dataFormatOption, store: storeOptions },
  ({ cursor, format, limit, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const page = yield* ze.batchesPage({
        limit,
        ...Option.match(cursor, { onNone: () => ({}), onSome: (value) => ({ cursor: value }) })
      })
      const nextCursor = Option.getOrNull(page.nextCursor)
      if (format === "json") return yield* printJson(BatchListDocument, { batches: page.items, nextCursor })
      yield* printLines(renderBatchList(page.items, yield* terminalWidth))
      if (nextCursor !== null) yield* Console.log(dim(`More: --cursor ${nextCursor}`))
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(batchesListHelp)))
