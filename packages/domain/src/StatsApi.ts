import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { RunFilters } from "./Filters.js"
import { CostStats, EvaluatorStats, GlobalStats, GroupStats } from "./Stats.js"

const grouped = <const Name extends string, const Path extends `/${string}`>(name: Name, path: Path, by: string) =>
  HttpApiEndpoint.get(name, path).setUrlParams(RunFilters).addSuccess(
    Schema.Array(GroupStats).annotations({ description: "One entry per group" })
  )
    .annotate(OpenApi.Summary, `Scores, pass rate, duration and cost of the matching runs, by ${by}`)

/** Every answer is one SQL query over the runs that match the filters. */
export class StatsApi extends HttpApiGroup.make("stats")
  .add(
    HttpApiEndpoint.get("global", "/stats").setUrlParams(RunFilters).addSuccess(
      GlobalStats.annotations({ description: "The totals" })
    )
      .annotate(OpenApi.Summary, "Totals over the matching runs: count, pass rate, scores with their intervals, cost")
  )
  .add(grouped("agents", "/stats/agents", "agent"))
  .add(grouped("models", "/stats/models", "model"))
  .add(grouped("agentModels", "/stats/agent-models", "agent and model"))
  .add(
    grouped("agentModelTiers", "/stats/agent-model-tiers", "agent, model and tier")
      .annotate(OpenApi.Description, "One group per agent × model × tier: each agent × model's curve over the tiers.")
  )
  .add(grouped("suites", "/stats/suites", "suite"))
  .add(grouped("scenarios", "/stats/scenarios", "suite and scenario"))
  .add(grouped("tiers", "/stats/tiers", "tier"))
  .add(
    grouped("specialists", "/stats/specialists", "specialist")
      .annotate(OpenApi.Description, "One group per specialist; `specialist: null` is the plain agents.")
  )
  .add(
    HttpApiEndpoint.get("evaluators", "/stats/evaluators").setUrlParams(RunFilters).addSuccess(
      Schema.Array(EvaluatorStats).annotations({ description: "One entry per evaluator" })
    )
      .annotate(OpenApi.Summary, "How each evaluator scored the matching runs")
  )
  .add(
    HttpApiEndpoint.get("cost", "/stats/cost").setUrlParams(RunFilters).addSuccess(
      CostStats.annotations({ description: "The costs" })
    )
      .annotate(OpenApi.Summary, "What the matching runs cost: agent and judge, priced and unpriced runs")
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
