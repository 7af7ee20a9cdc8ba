import { A } from "@solidjs/router"
import { lazy, Show } from "solid-js"
import { ChartFrame } from "../charts/Chart.js"
import { BatchTable } from "../components/BatchRows.js"
import { GroupTable } from "../components/GroupRows.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { RunTable } from "../components/RunRows.js"
import { Section, Stat, Stats } from "../components/Stat.js"
import { useQuery } from "../data/Query.js"
import { agentModel, count, percent, percentInterval, score, usd } from "../lib/format.js"

const Histogram = lazy(() => import("../charts/Histogram.js"))
const Trend = lazy(() => import("../charts/Trend.js"))

export default function Overview() {
  const overview = useQuery(() => "overview", (client) => client.dashboard.overview({ urlParams: {} }))
  return (
    <>
      <PageHead title="Overview" subtitle="Every stored run, with 95% intervals where a rate or mean is shown." />
      <Loadable state={overview.state()} label="the overview" onRetry={overview.refetch}>
        {(data) => (
          <Show
            when={data().stats.totalRuns > 0}
            fallback={
              <Empty>
                No runs stored yet. Run <code>pnpm ze bench demo --agent echo,oracle</code>, then reload this page.
              </Empty>
            }
          >
            <Stats>
              <Stat
                label="Runs"
                value={count(data().stats.totalRuns)}
                note={`${count(data().stats.successfulRuns)} passed`}
              />
              <Stat
                label="Pass rate"
                value={percent(data().stats.successRate)}
                note={data().stats.successRateInterval
                  ? `95% CI ${percentInterval(data().stats.successRateInterval)}`
                  : "no interval"}
              />
              <Stat
                label="Average score"
                value={`${score(data().stats.avgWeightedScore)} / 10`}
                note="weighted, scored runs"
              />
              <Stat
                label="Cost"
                value={usd(data().stats.totalCostUsd, data().stats.unpricedRuns)}
                note={`${usd(data().stats.avgCostPerRun)} per priced run`}
              />
            </Stats>
            <div class="grid2">
              <Section title="Score distribution">
                <ChartFrame label="Runs per weighted score bucket">
                  <Histogram buckets={data().scoreDistribution} xLabel="weighted score" />
                </ChartFrame>
              </Section>
              <Section title="Pass rate over time">
                <ChartFrame label="Pass rate per day with 95% interval">
                  <Trend days={data().trend} />
                </ChartFrame>
              </Section>
            </div>
            <Section title="Top agent × model" aside={<A href="/agents">All agents & models</A>}>
              <GroupTable
                caption="Best agent × model pairs"
                label="Agent · model"
                groups={data().topAgentModels}
                name={(g) => agentModel(g.agent, g.model, g.specialist)}
              />
            </Section>
            <Section title="Recent runs" aside={<A href="/runs">All runs</A>}>
              <RunTable runs={data().recentRuns} caption="Most recent runs" compact />
            </Section>
            <Section title="Recent batches" aside={<A href="/batches">All batches</A>}>
              <BatchTable batches={data().recentBatches} caption="Most recent batches" />
            </Section>
          </Show>
        )}
      </Loadable>
    </>
  )
}
