import { Route, Router } from "@solidjs/router"
import type { RouteSectionProps } from "@solidjs/router"
import { lazy } from "solid-js"
import { Layout } from "./components/Layout.js"
import type { Api } from "./data/Api.js"
import { ApiProvider } from "./data/Api.js"

const Overview = lazy(() => import("./routes/Overview.js"))
const Runs = lazy(() => import("./routes/Runs.js"))
const RunDetail = lazy(() => import("./routes/RunDetail.js"))
const Batches = lazy(() => import("./routes/Batches.js"))
const BatchDetail = lazy(() => import("./routes/BatchDetail.js"))
const Compare = lazy(() => import("./routes/Compare.js"))
const Agents = lazy(() => import("./routes/Agents.js"))
const Suites = lazy(() => import("./routes/Suites.js"))
const Evaluators = lazy(() => import("./routes/Evaluators.js"))
const Costs = lazy(() => import("./routes/Costs.js"))
const NotFound = lazy(() => import("./routes/NotFound.js"))

/**
 * Page chunks load after the first page is up, while the browser is idle: navigating keeps working when the
 * server goes away later, and the first load stays small.
 */
export const preloadPages = () =>
  Promise.allSettled(
    [Overview, Runs, RunDetail, Batches, BatchDetail, Compare, Agents, Suites, Evaluators, Costs, NotFound].map((
      page
    ) => page.preload())
  )

/** One line per page; every page is its own chunk. */
export const App = (props: { readonly api: Api }) => (
  <ApiProvider api={props.api}>
    <Router root={(route: RouteSectionProps) => <Layout>{route.children}</Layout>}>
      <Route path="/" component={Overview} />
      <Route path="/runs" component={Runs} />
      <Route path="/runs/:runId" component={RunDetail} />
      <Route path="/batches" component={Batches} />
      <Route path={["/compare", "/batches/compare"]} component={Compare} />
      <Route path="/batches/:batchId" component={BatchDetail} />
      <Route path="/agents" component={Agents} />
      <Route path="/suites" component={Suites} />
      <Route path="/evaluators" component={Evaluators} />
      <Route path="/costs" component={Costs} />
      <Route path="*404" component={NotFound} />
    </Router>
  </ApiProvider>
)
