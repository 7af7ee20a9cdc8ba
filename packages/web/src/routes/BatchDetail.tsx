import { A, useParams } from "@solidjs/router"
import type { BatchDetail as BatchDetailData } from "@ze/domain"
import { batchWarmupsOf } from "@ze/domain"
import { createEffect, createSignal, For, Show } from "solid-js"
import { Badge } from "../components/Badge.js"
import { CellMatrix } from "../components/CellMatrix.js"
import { GroupTable } from "../components/GroupRows.js"
import { PageHead } from "../components/Layout.js"
import { Loadable } from "../components/Loadable.js"
import { RunTable } from "../components/RunRows.js"
import { Section, Stat, Stats } from "../components/Stat.js"
import { Table } from "../components/Table.js"
import { warmupCostNote, WarmupTable } from "../components/WarmupTable.js"
import { useQuery } from "../data/Query.js"
import { download, toCsv } from "../lib/download.js"
import { agentModel, count, dateTime, duration, percent, score, specialistName, usd } from "../lib/format.js"
import { specialistVsPlain } from "../lib/params.js"
import { plannedRuns } from "../lib/runMetadata.js"

/** A running batch is asked again this often; the server answers 304 while nothing changed. */
const livePollMs = 3_000

const exportJson = (batch: BatchDetailData) =>
  download(`batch-${batch.batchId}.json`, "application/json", JSON.stringify(batch, null, 2))

const exportCsv = (batch: BatchDetailData) =>
  download(
    `batch-${batch.batchId}.csv`,
    "text/csv",
    toCsv(batch.runs.map((r) => ({ ...r, repeat: r.repeat === null ? null : r.repeat + 1 })), [
      "runId",
      "suite",
      "scenario",
      "tier",
      "agent",
      "specialistName",
      "specialistVersion",
      "model",
      "repeat",
      "status",
      "weightedScore",
      "totalScore",
      "durationMs",
      "costUsd",
      "startedAt",
      "completedAt",
      "failureReason"
    ])
  )

export default function BatchDetail() {
  const params = useParams()
  const batchId = () => params.batchId ?? ""
  const [live, setLive] = createSignal(false)
  const detail = useQuery(
    () => `batch:${batchId()}`,
    (client) => client.batches.get({ path: { batchId: batchId() } }),
    {
      ttlMs: 5_000,
      pollMs: () => (live() ? livePollMs : null)
    }
  )
  createEffect(() => setLive(detail.data()?.status === "running"))
  const specialistNames = () => [
    ...new Set((detail.data()?.runs ?? []).flatMap((run) => (run.specialistName ? [run.specialistName] : [])))
  ]
  // Asked only for a batch that ran specialists: one group per specialist, `null` for the plain agents.
  const bySpecialist = useQuery(
    () => (specialistNames().length > 0 ? `batch:specialists:${batchId()}` : null),
    (client) => client.stats.specialists({ urlParams: { batchId: batchId() } }),
    { ttlMs: 5_000, pollMs: () => (live() ? livePollMs : null) }
  )
  return (
    <>
      <PageHead title={`Batch ${batchId()}`} subtitle={<A href="/batches">All batches</A>} />
      <Loadable state={detail.state()} label="the batch" onRetry={detail.refetch}>
        {(data) => {
          const b = data
          return (
            <>
              <div class="actions-row">
                <Badge tone={b().status === "running" ? "info" : "good"}>{b().status}</Badge>
                <Show when={b().status === "running"}>
                  <span class="muted" role="status">
                    <Show when={plannedRuns(b().metadata)}>
                      {(planned) => (
                        <>
                          <progress
                            max={planned()}
                            value={Math.min(b().totalRuns, planned())}
                            aria-label="Runs finished"
                          />{" "}
                          {b().totalRuns} of {planned()} runs ·{" "}
                        </>
                      )}
                    </Show>
                    live, updated every {livePollMs / 1000} s
                  </span>
                </Show>
                <button type="button" onClick={() => exportJson(b())}>Export JSON</button>
                <button type="button" onClick={() => exportCsv(b())}>Export CSV</button>
                <A class="button" href={`/compare?head=${encodeURIComponent(b().batchId)}`}>Compare with…</A>
                <A class="button" href={`/runs?batchId=${encodeURIComponent(b().batchId)}`}>Runs of this batch</A>
              </div>
              <Stats>
                <Stat label="Runs" value={count(b().totalRuns)} note={`${b().aggregates.cells.length} cells`} />
                <Stat
                  label="Passed"
                  value={`${count(b().successfulRuns)} (${percent(b().successRate)})`}
                  note={`${count(b().failedRuns)} not passed`}
                />
                <Stat label="Average score" value={`${score(b().avgWeightedScore)} / 10`} />
                <Stat label="Duration" value={duration(b().durationMs)} note={`created ${dateTime(b().createdAt)}`} />
                <Stat
                  label="Cost"
                  value={usd(b().totalCostUsd, b().unpricedRuns)}
                  note={warmupCostNote(batchWarmupsOf(b().metadata), b().totalCostUsd)}
                />
              </Stats>
              <Section title="Cells">
                <CellMatrix cells={b().aggregates.cells} />
              </Section>
              <Section title="By agent × model">
                <GroupTable
                  caption="By agent and model"
                  label="Agent · model"
                  groups={b().aggregates.byAgentModel}
                  name={(g) => agentModel(g.agent, g.model, g.specialist)}
                  showCost
                />
              </Section>
              <Show when={specialistNames().length > 0}>
                <Section title="By specialist">
                  <p class="helps">
                    Does it help?{" "}
                    <For each={specialistNames()}>
                      {(name, i) => (
                        <>
                          {i() > 0 ? " · " : ""}
                          <A href={specialistVsPlain(b().batchId, name)}>compare {name} with no specialist</A>
                        </>
                      )}
                    </For>
                  </p>
                  <Loadable
                    state={bySpecialist.state()}
                    label="the specialist breakdown"
                    onRetry={bySpecialist.refetch}
                  >
                    {(groups) => (
                      <GroupTable
                        caption="By specialist"
                        label="Specialist"
                        groups={groups()}
                        name={(g) => specialistName(g.specialist)}
                        showCost
                      />
                    )}
                  </Loadable>
                </Section>
              </Show>
              <Section title="By tier">
                <GroupTable caption="By tier" label="Tier" groups={b().aggregates.byTier} name={(g) => g.tier ?? "–"} />
              </Section>
              <div class="grid2">
                <Section title="By evaluator">
                  <Table
                    caption="By evaluator"
                    head={
                      <tr>
                        <th scope="col">Evaluator</th>
                        <th scope="col" class="num">Scored</th>
                        <th scope="col" class="num">Skipped</th>
                        <th scope="col" class="num">Avg</th>
                        <th scope="col" class="num">Pass rate</th>
                      </tr>
                    }
                  >
                    <For each={b().aggregates.byEvaluator}>
                      {(e) => (
                        <tr>
                          <td>{e.evaluatorName}</td>
                          <td class="num">{e.scored}</td>
                          <td class="num">{e.skipped + e.errors}</td>
                          <td class="num">{percent(e.avgScore)}</td>
                          <td class="num">{percent(e.passRate)}</td>
                        </tr>
                      )}
                    </For>
                  </Table>
                </Section>
                <Section title="Failures by status">
                  <Show
                    when={b().aggregates.failuresByStatus.length > 0}
                    fallback={<p class="muted">Every run passed.</p>}
                  >
                    <ul class="findings">
                      <For each={b().aggregates.failuresByStatus}>
                        {(f) => (
                          <li>
                            <A href={`/runs?batchId=${encodeURIComponent(b().batchId)}&status=${f.status}`}>
                              {f.status.replace(/_/g, " ")}
                            </A>: {f.runs}
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </Section>
              </div>
              <Show when={Object.values(batchWarmupsOf(b().metadata))}>
                {(warmups) => (
                  <Show when={warmups().length > 0}>
                    <Section title="Warmups (once per scenario, before its runs, on a copy of the fixture)">
                      <WarmupTable warmups={warmups()} />
                    </Section>
                  </Show>
                )}
              </Show>
              <Section title="By scenario">
                <GroupTable
                  caption="By scenario"
                  label="Scenario"
                  groups={b().aggregates.bySuiteScenario}
                  name={(g) => `${g.suite}/${g.scenario}`}
                  showFlips
                />
              </Section>
              <Section title="Runs">
                <RunTable runs={b().runs} caption="Runs of the batch" />
              </Section>
            </>
          )
        }}
      </Loadable>
    </>
  )
}
