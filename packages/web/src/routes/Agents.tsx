import { A } from "@solidjs/router"
import { NoSpecialist } from "@ze/domain"
import { createMemo, lazy, Show } from "solid-js"
import { ChartFrame } from "../charts/Chart.js"
import { GroupTable } from "../components/GroupRows.js"
import { PageHead } from "../components/Layout.js"
import { Empty, Loadable } from "../components/Loadable.js"
import { Section } from "../components/Stat.js"
import { useQuery } from "../data/Query.js"
import { agentModel, specialistName } from "../lib/format.js"

const IntervalDots = lazy(() => import("../charts/IntervalDots.js"))
const Lines = lazy(() => import("../charts/Lines.js"))

const tierOrder = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true })

/** A row's runs are its specialist's, or, on a board that holds any specialist, the plain agent's alone. */
const specialistParam = (
  groups: ReadonlyArray<{ readonly specialist?: string | null | undefined }>,
  specialist: string | null | undefined
) =>
  specialist
    ? `&specialist=${encodeURIComponent(specialist)}`
    : groups.some((g) => g.specialist)
    ? `&specialist=${NoSpecialist}`
    : ""

export default function Agents() {
  const leaderboard = useQuery(() => "stats:agentModels", (client) => client.stats.agentModels({ urlParams: {} }))
  const tiers = useQuery(() => "stats:agentModelTiers", (client) => client.stats.agentModelTiers({ urlParams: {} }))
  const specialists = useQuery(() => "stats:specialists", (client) => client.stats.specialists({ urlParams: {} }))
  const curve = createMemo(() => {
    const groups = tiers.data() ?? []
    return {
      domain: [...new Set(groups.map((g) => g.tier ?? "?"))].sort(tierOrder),
      points: groups.flatMap((
        g
      ) => (g.avgScore === null
        ? []
        : [{ series: agentModel(g.agent, g.model, g.specialist), x: g.tier ?? "?", y: g.avgScore }])
      )
    }
  })
  return (
    <>
      <PageHead
        title="Agents & models"
        subtitle="Leaderboard by average weighted score; overlapping intervals mean the data does not tell them apart."
      />
      <Loadable state={leaderboard.state()} label="the leaderboard" onRetry={leaderboard.refetch}>
        {(groups) => (
          <Show when={groups().length > 0} fallback={<Empty>No runs stored yet.</Empty>}>
            <Section title="Leaderboard">
              <GroupTable
                caption="Agent and model leaderboard"
                label="Agent · model"
                groups={groups()}
                name={(g) => (
                  <A
                    href={`/runs?agent=${encodeURIComponent(g.agent ?? "")}${
                      g.model ? `&model=${encodeURIComponent(g.model)}` : ""
                    }${specialistParam(groups(), g.specialist)}`}
                  >
                    {agentModel(g.agent, g.model, g.specialist)}
                  </A>
                )}
                showCost
                showFlips
              />
            </Section>
            <div class="grid2 hug">
              <Section title="Pass rate with 95% interval">
                <ChartFrame label="Pass rate per agent and model with 95% intervals">
                  <IntervalDots
                    xLabel="pass rate (%)"
                    max={100}
                    rows={groups().map((g) => ({
                      label: agentModel(g.agent, g.model, g.specialist),
                      value: g.successRate * 100,
                      lower: g.successRateInterval ? g.successRateInterval.lower * 100 : null,
                      upper: g.successRateInterval ? g.successRateInterval.upper * 100 : null
                    }))}
                  />
                </ChartFrame>
              </Section>
              <Section title="Score by tier">
                <Loadable state={tiers.state()} label="the tier curve" onRetry={tiers.refetch}>
                  {() => (
                    <ChartFrame label="Average score per tier for each agent and model" height={260}>
                      <Lines
                        points={curve().points}
                        xDomain={curve().domain}
                        xLabel="tier"
                        yLabel="avg score"
                        yMax={10}
                      />
                    </ChartFrame>
                  )}
                </Loadable>
              </Section>
            </div>
            <Loadable state={specialists.state()} label="the specialists" onRetry={specialists.refetch}>
              {(groups) => (
                <Show when={groups().some((g) => g.specialist)}>
                  <Section title="By specialist">
                    <GroupTable
                      caption="By specialist: a specialist's runs against the plain agents'"
                      label="Specialist"
                      groups={groups()}
                      name={(g) => specialistName(g.specialist)}
                      showCost
                      showFlips
                    />
                  </Section>
                </Show>
              )}
            </Loadable>
          </Show>
        )}
      </Loadable>
    </>
  )
}
