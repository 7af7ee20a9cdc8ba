import { For, lazy, Show } from "solid-js"
import { ChartFrame } from "../charts/Chart.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section } from "../components/Stat.js"
import { Table } from "../components/Table.js"
import { useQuery } from "../data/Query.js"
import { count, percent, percentRange } from "../lib/format.js"

const HBars = lazy(() => import("../charts/HBars.js"))

export default function Evaluators() {
  const evaluators = useQuery(() => "stats:evaluators", (client) => client.stats.evaluators({ urlParams: {} }))
  return (
    <>
      <PageHead
        title="Evaluators"
        subtitle="How often each evaluator gives full marks, and how often it could not run at all."
      />
      <Loadable state={evaluators.state()} label="evaluators" onRetry={evaluators.refetch}>
        {(data) => (
          <Show when={data().length > 0} fallback={<Empty>No evaluations stored yet.</Empty>}>
            <Section title="Pass rate per evaluator">
              <ChartFrame label="Share of scored evaluations with full marks">
                <HBars
                  xLabel="full marks (%)"
                  max={100}
                  format={(v) => `${v.toFixed(0)}%`}
                  rows={data().filter((e) => e.passRate !== null).map((e) => ({
                    label: e.evaluatorName,
                    value: (e.passRate ?? 0) * 100
                  }))}
                />
              </ChartFrame>
            </Section>
            <Section title="Evaluators">
              <Table
                caption="Evaluator statistics"
                head={
                  <tr>
                    <th scope="col">Evaluator</th>
                    <th scope="col" class="num">Evaluations</th>
                    <th scope="col" class="num">Scored</th>
                    <th scope="col" class="num">Skipped</th>
                    <th scope="col" class="num">Errors</th>
                    <th scope="col" class="num">Full marks</th>
                    <th scope="col" class="num">Avg score</th>
                    <th scope="col" class="num">Min–max</th>
                  </tr>
                }
              >
                <For each={data()}>
                  {(e) => (
                    <tr>
                      <td>{e.evaluatorName}</td>
                      <td class="num">{count(e.evaluations)}</td>
                      <td class="num">{count(e.scored)}</td>
                      <td class="num">{count(e.skipped)}</td>
                      <td class="num">{count(e.errors)}</td>
                      <td class="num">{count(e.passed)} ({percent(e.passRate)})</td>
                      <td class="num">{percent(e.avgScore)}</td>
                      <td class="num">{percentRange(e.minScore, e.maxScore)}</td>
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
