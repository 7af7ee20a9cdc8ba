import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { ReadAuth } from "./Auth.js"
import { Overview } from "./Dashboard.js"
import { RunFilters } from "./Filters.js"

/** Answers shaped for the dashboard's pages, so that each page needs few requests. */
export class DashboardApi extends HttpApiGroup.make("dashboard")
  .add(
    HttpApiEndpoint.get("overview", "/dashboard/overview")
      .setUrlParams(RunFilters)
      .addSuccess(Overview.annotations({ description: "Everything the overview page shows" }))
      .annotate(OpenApi.Summary, "The dashboard's overview in one answer")
      .annotate(
        OpenApi.Description,
        "Global stats with their intervals, the score distribution, the daily pass-rate trend, the newest runs and " +
          "batches and the top agent × model pairs, all over the same filters and computed in SQL."
      )
  )
  .middleware(ReadAuth)
  .prefix("/api")
{}
