import { Schema } from "effect"
import { RunStatus } from "./Status.js"

/** `GET /api/runs/facets`: the distinct values of every run filter, sorted, for filter drop-downs. */
export class RunFacets extends Schema.Class<RunFacets>("RunFacets")({
  suites: Schema.Array(Schema.String),
  scenarios: Schema.Array(Schema.Struct({ suite: Schema.String, scenario: Schema.String })),
  tiers: Schema.Array(Schema.String),
  agents: Schema.Array(Schema.String),
  /** Runs without a model are not a value to filter on. */
  models: Schema.Array(Schema.String),
  statuses: Schema.Array(RunStatus),
  /** The specialists runs were made with (plain agents' runs are the \`none\` filter, not listed). */
  specialists: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  /** The newest 50 batches that hold runs, newest first; `createdAt` in epoch milliseconds. */
  batches: Schema.Array(Schema.Struct({ batchId: Schema.String, createdAt: Schema.Number }))
}) {}
