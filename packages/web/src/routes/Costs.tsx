import { For, lazy, Show } from "solid-js"
import { ChartFrame } from "../charts/Chart.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section, Stat, Stats } from "../components/Stat.js"
import { Table } from "../components/Table.js"
import { useQuery } from "../data/Query.js"
import { agentModel, count, score, usd } from "../lib/format.js"

const Scatter = lazy(() => import("../charts/Scatter.js"))

export default function Costs() {
  const cost = useQuery(() => "stats:cost", (client) => client.stats.cost({ urlParams: {} }))
  return (
    <>
      <PageHead
        title="Costs"
        subtitle="Agent and judge spend; runs on unpriced models are counted, never charged as $0."
      />
      <Loadable state={cost.state()} label="costs" onRetry={cost.refetch}>
        {(data) => (
          <Show when={data().runs > 0} fallback={<Empty>No runs stored yet.</Empty>}>
            <Stats>
              <Stat
                label="Total cost"
                value={usd(data().totalCostUsd)}
                note={`agent ${usd(data().agentCostUsd)}, judge ${usd(data().judgeCostUsd)}`}
              />
              <Stat
                label="Per priced run"
                value={usd(data().avgCostPerPricedRun)}
                note={`${count(data().pricedRuns)} priced, ${count(data().unpricedRuns)} unpriced`}
              />
              <Stat
                label="Tokens"
                value={`${count(data().tokensIn)} in`}
                note={`${count(data().tokensOut)} out, ${count(data().cacheReadTokens)} cache reads`}
              />
            </Stats>
            <Section title="Score against cost per run">
              <ChartFrame label="Average score against cost per run for each agent and model" height={280}>
                <Scatter
                  xLabel="cost per priced run ($)"
                  yLabel="avg score"
                  points={data().byAgentModel.flatMap((row) =>
                    row.avgCostPerPricedRun === null || row.avgScore === null
                      ? []
                      : [{
                        label: agentModel(row.agent, row.model, row.specialist),
                        x: row.avgCostPerPricedRun,
                        y: row.avgScore
                      }]
                  )}
                />
              </ChartFrame>
            </Section>
            <Section title="By agent × model">
              <Table
                caption="Cost by agent and model"
                head={
                  <tr>
                    <th scope="col">Agent · model</th>
                    <th scope="col" class="num">Runs</th>
                    <th scope="col" class="num">Total</th>
                    <th scope="col" class="num">Per priced run</th>
                    <th scope="col" class="num">Per passed run</th>
                    <th scope="col" class="num">Passed</th>
                    <th scope="col" class="num">Avg score</th>
                    <th scope="col" class="num">Tokens in / out</th>
                  </tr>
                }
              >
                <For each={data().byAgentModel}>
                  {(row) => (
                    <tr>
                      <td>{agentModel(row.agent, row.model, row.specialist)}</td>
                      <td class="num">{count(row.runs)}</td>
                      <td class="num">{usd(row.totalCostUsd, row.unpricedRuns)}</td>
                      <td class="num">{usd(row.avgCostPerPricedRun, row.unpricedRuns)}</td>
                      <td class="num" title="total cost divided by passed runs; unknown while any run is unpriced">
                        {row.successfulRuns === 0 ? "no pass" : usd(row.costPerPassedRun, row.unpricedRuns)}
                      </td>
                      <td class="num">{count(row.successfulRuns)}</td>
                      <td class="num">{score(row.avgScore)}</td>
                      <td class="num">{count(row.tokensIn)} / {count(row.tokensOut)}</td>
                    </tr>
                  )}
                </For>
              </Table>
            </Section>
          </Show>
        )}
      </Loadable>
    </>
  )
}
