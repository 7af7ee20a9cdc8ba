import { Command, Options } from "@effect/cli"
import { ZeClient } from "@ze/client"
import { Console, Effect, Option } from "effect"
import { dim } from "../Ansi.js"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { RunListDocument } from "../Documents.js"
import { runFilterOptions, toRunFilters } from "../Filters.js"
import { defaultTo, integerFlag } from "../Flags.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import { renderRunList } from "../views/RunViews.js"

export const limitOption = (fallback: number) =>
  integerFlag("limit", { min: 1 }).pipe(
    Options.withAlias("n"),
    Options.withDescription("How many to show."),
    defaultTo(fallback)
  )

export const cursorOption = Options.text("cursor").pipe(
  Options.withDescription("Continue after the page that printed this cursor."),
  Options.optional
)

export const runsListHelp: CommandHelp = {
  usage: "runs list",
  summary: "List runs, newest first, filtered by suite, scenario, tier, agent, model, status, batch or time.",
  examples: ["ze runs list --suite demo --status failed", "ze runs list -n 100 --format json"]
}

export const runsList = Command.make(
  "list",
  {
    filters: runFilterOptions,
    limit: limitOption(20),
    cursor: cursorOption,
    format: dataFormatOption,
    store: storeOptions
  },
  ({ cursor, filters, format, limit, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const page = yield* ze.runsPage({
        ...toRunFilters(filters),
        limit,
        ...Option.match(cursor, { onNone: () => ({}), onSome: (value) => ({ cursor: value }) })
      })
      const nextCursor = Option.getOrNull(page.nextCursor)
      if (format === "json") return yield* printJson(RunListDocument, { runs: page.items, nextCursor })
      yield* printLines(renderRunList(page.items, yield* terminalWidth))
      if (nextCursor !== null) yield* Console.log(dim(`More: --cursor ${nextCursor}`))
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(runsListHelp)))
