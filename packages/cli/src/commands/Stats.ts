import { Command, Options } from "@effect/cli"
import type { ZeClientShape } from "@ze/client"
import { ZeClient } from "@ze/client"
import type { RunFilters } from "@ze/domain"
import { EvaluatorStats, GlobalStats, GroupStats } from "@ze/domain"
import { Effect, Option, Schema } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import { runFilterOptions, toRunFilters } from "../Filters.js"
import { dataFormatOption, printJson, printLines, terminalWidth } from "../Output.js"
import { storeOptions, withStore } from "../Store.js"
import type { GroupDimension } from "../views/StatsViews.js"
import { renderEvaluators, renderGlobalStats, renderGroups } from "../views/StatsViews.js"

const byAgent = (ze: ZeClientShape, urlParams: RunFilters) => ze.stats.agents({ urlParams })
type GroupQuery = typeof byAgent

/** Each `--by` breakdown: the columns that name a group, and the endpoint that computes them. */
const groupings: Record<
  "agent" | "model" | "suite" | "scenario" | "tier" | "specialist",
  { dimensions: ReadonlyArray<GroupDimension>; query: GroupQuery }
> = {
  agent: { dimensions: ["agent"], query: byAgent },
  model: { dimensions: ["model"], query: (ze, urlParams) => ze.stats.models({ urlParams }) },
  suite: { dimensions: ["suite"], query: (ze, urlParams) => ze.stats.suites({ urlParams }) },
  scenario: { dimensions: ["suite", "scenario"], query: (ze, urlParams) => ze.stats.scenarios({ urlParams }) },
  tier: { dimensions: ["tier"], query: (ze, urlParams) => ze.stats.tiers({ urlParams }) },
  specialist: { dimensions: ["specialist"], query: (ze, urlParams) => ze.stats.specialists({ urlParams }) }
}

const byOption = Options.choice("by", ["agent", "model", "suite", "scenario", "tier", "specialist", "evaluator"]).pipe(
  Options.withDescription("Break the statistics down by this dimension (default: one global summary)."),
  Options.optional
)

const Groups = Schema.Array(GroupStats)
const Evaluators = Schema.Array(EvaluatorStats)

export const statsHelp: CommandHelp = {
  usage: "stats",
  summary:
    "Statistics over the stored runs (all of them, or those the filters select), overall or broken down with --by.",
  examples: ["ze stats", "ze stats --by agent --suite demo", "ze stats --by evaluator --format json"]
}

export const stats = Command.make(
  "stats",
  { by: byOption, filters: runFilterOptions, format: dataFormatOption, store: storeOptions },
  ({ by, filters, format, store }) =>
    Effect.gen(function*() {
      const ze = yield* ZeClient
      const urlParams = toRunFilters(filters)
      const width = yield* terminalWidth
      if (Option.isNone(by)) {
        const global = yield* ze.stats.global({ urlParams })
        return yield* format === "json" ? printJson(GlobalStats, global) : printLines(renderGlobalStats(global))
      }
      if (by.value === "evaluator") {
        const evaluators = yield* ze.stats.evaluators({ urlParams })
        return yield* format === "json"
          ? printJson(Evaluators, evaluators)
          : printLines(renderEvaluators(evaluators, width))
      }
      const { dimensions, query } = groupings[by.value]
      const groups = yield* query(ze, urlParams)
      return yield* format === "json" ? printJson(Groups, groups) : printLines(renderGroups(dimensions, groups, width))
    }).pipe(withStore(store, "read"))
).pipe(Command.withDescription(describeCommand(statsHelp)))
