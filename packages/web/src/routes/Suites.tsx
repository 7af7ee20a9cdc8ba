import { A } from "@solidjs/router"
import type { GroupStats } from "@ze/domain"
import { Show } from "solid-js"
import { GroupTable } from "../components/GroupRows.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section } from "../components/Stat.js"
import { useQuery } from "../data/Query.js"

/** Hardest first: the lowest pass rate across every agent that ran the scenario. */
const byDifficulty = (a: GroupStats, b: GroupStats) => a.successRate - b.successRate || b.runs - a.runs

const runsLink = (g: GroupStats) =>
  `/runs?suite=${encodeURIComponent(g.suite ?? "")}${g.scenario ? `&scenario=${encodeURIComponent(g.scenario)}` : ""}`

export default function Suites() {
  const suites = useQuery(() => "stats:suites", (client) => client.stats.suites({ urlParams: {} }))
  const scenarios = useQuery(() => "stats:scenarios", (client) => client.stats.scenarios({ urlParams: {} }))
  return (
    <>
      <PageHead
        title="Suites & scenarios"
        subtitle="Difficulty is the pass rate across all agents; a flaky scenario flips between pass and fail under the same agent."
      />
      <Loadable state={suites.state()} label="suites" onRetry={suites.refetch}>
        {(data) => (
          <Show when={data().length > 0} fallback={<Empty>No runs stored yet.</Empty>}>
            <Section title="Suites">
              <GroupTable
                caption="Suites"
                label="Suite"
                groups={data()}
                name={(g) => <A href={runsLink(g)}>{g.suite}</A>}
                showFlips
              />
            </Section>
          </Show>
        )}
      </Loadable>
      <Loadable state={scenarios.state()} label="scenarios" onRetry={scenarios.refetch}>
        {(data) => (
          <Show when={data().length > 0}>
            <Section title="Scenarios, hardest first">
              <GroupTable
                caption="Scenarios by difficulty"
                label="Scenario"
                groups={[...data()].sort(byDifficulty)}
                name={(g) => <A href={runsLink(g)}>{g.suite}/{g.scenario}</A>}
                showFlips
              />
            </Section>
          </Show>
        )}
      </Loadable>
    </>
  )
}
