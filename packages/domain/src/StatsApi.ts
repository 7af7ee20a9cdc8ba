import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ReadAuth } from "./Auth.js"
import { RunFilters } from "./Filters.js"
import { CostStats, EvaluatorStats, GlobalStats, GroupStats } from "./Stats.js"

const grouped = <const Name extends string, const Path extends `/${string}`>(name: Name, path: Path) =>
  HttpApiEndpoint.get(name, path).setUrlParams(RunFilters).addSuccess(Schema.Array(GroupStats))

/** Every answer is one SQL query over the runs that match the filters. */
export class StatsApi extends HttpApiGroup.make("stats")
  .add(HttpApiEndpoint.get("global", "/stats").setUrlParams(RunFilters).addSuccess(GlobalStats))
  .add(grouped("agents", "/stats/agents"))
  .add(grouped("models", "/stats/models"))
  .add(grouped("agentModels", "/stats/agent-models"))
  .add(
    grouped("agentModelTiers", "/stats/agent-model-tiers")
      .annotate(OpenApi.Description, "One group per agent × model × tier: each agent × model's curve over the tiers.")
  )
  .add(grouped("suites", "/stats/suites"))
  .add(grouped("scenarios", "/stats/scenarios"))
  .add(grouped("tiers", "/stats/tiers"))
  .add(HttpApiEndpoint.get("evaluators", "/stats/evaluators").setUrlParams(RunFilters).addSuccess(Schema.Array(EvaluatorStats)))
  .add(HttpApiEndpoint.get("cost", "/stats/cost").setUrlParams(RunFilters).addSuccess(CostStats))
  .middleware(ReadAuth)
  .prefix("/api")
{}
