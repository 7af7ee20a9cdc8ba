import { A, useParams } from "@solidjs/router"
import { agentLabel, decodeTranscriptJson } from "@ze/domain"
import { Effect, Either } from "effect"
import { createMemo, createResource, lazy, Show, Suspense } from "solid-js"
import { StatusBadge } from "../components/Badge.js"
import {
  BaselineSummary,
  EvaluationTable,
  HeuristicChecks,
  IntegrityFindings,
  JudgeCategories
} from "../components/Evaluations.js"
import { PageHead } from "../components/Layout.js"
import { Loadable } from "../components/Loadable.js"
import { Section, Stat, Stats } from "../components/Stat.js"
import { TranscriptView } from "../components/TranscriptView.js"
import { useQuery } from "../data/Query.js"
import { agentModel, count, dateTime, duration, score, usd } from "../lib/format.js"
import { parseMetadata } from "../lib/runMetadata.js"

const DiffView = lazy(() => import("../components/DiffView.js"))

export default function RunDetail() {
  const params = useParams()
  const runId = () => params.runId ?? ""
  const detail = useQuery(() => `run:${runId()}`, (client) => client.runs.get({ path: { runId: runId() } }))
  const artifacts = useQuery(
    () => `artifacts:${runId()}`,
    (client) => client.runs.artifacts({ path: { runId: runId() } })
  )
  const artifact = (name: string) => artifacts.data()?.find((a) => a.name === name)
  const [transcript] = createResource(
    () => artifact("transcript.json")?.content,
    (text) => Effect.runPromise(Effect.either(decodeTranscriptJson(text))).then(Either.getOrNull)
  )

  return (
    <>
      <PageHead title={`Run ${runId()}`} subtitle={<A href="/runs">All runs</A>} />
      <Loadable state={detail.state()} label="the run" onRetry={detail.refetch}>
        {(data) => {
          const run = () => data().run
          const telemetry = () => data().telemetry
          const metadata = createMemo(() => parseMetadata(run().metadata))
          return (
            <>
              <Stats>
                <Stat
                  label="Status"
                  value={<StatusBadge status={run().status} />}
                  note={run().failureReason ?? (run().isSuccessful ? "passed its threshold" : "")}
                />
                <Stat
                  label="Weighted score"
                  value={`${score(run().weightedScore)} / 10`}
                  note={`threshold ${metadata().known.passThreshold ?? 7}`}
                />
                <Stat
                  label="Duration"
                  value={duration(telemetry()?.durationMs)}
                  note={`${count(telemetry()?.toolCalls)} tool calls`}
                />
                <Stat
                  label="Cost"
                  value={usd(telemetry()?.costUsd, telemetry() && telemetry()!.costUsd === null ? 1 : 0)}
                  note={telemetry()?.judgeCostUsd != null ? `judge ${usd(telemetry()?.judgeCostUsd)}` : "no judge cost"}
                />
              </Stats>
              <Section title="Run">
                <dl class="facts">
                  <dt>Scenario</dt>
                  <dd>
                    <A
                      href={`/runs?suite=${encodeURIComponent(run().suite)}&scenario=${
                        encodeURIComponent(run().scenario)
                      }`}
                    >
                      {run().suite}/{run().scenario}
                    </A>
                  </dd>
                  <dt>Tier</dt>
                  <dd>{run().tier}</dd>
                  <dt>Agent · model</dt>
                  <dd>
                    {agentModel(agentLabel(run(), { version: true }), run().model)}
                    {run().resolvedModel && run().resolvedModel !== run().model
                      ? ` (resolved ${run().resolvedModel})`
                      : ""}
                  </dd>
                  <dt>Repeat</dt>
                  <dd>{run().repeat === null ? "–" : run().repeat! + 1}</dd>
                  <dt>Batch</dt>
                  <dd>
                    <Show when={run().batchId} fallback="–">
                      {(b) => <A class="mono" href={`/batches/${encodeURIComponent(b())}`}>{b()}</A>}
                    </Show>
                  </dd>
                  <dt>Started</dt>
                  <dd>{dateTime(run().startedAt)}</dd>
                  <dt>Completed</dt>
                  <dd>{dateTime(run().completedAt)}</dd>
                  <dt>Stage reached</dt>
                  <dd>{metadata().known.stage ?? "–"}</dd>
                </dl>
              </Section>
              <Section title="Score per evaluator">
                <EvaluationTable evaluations={data().evaluations} />
              </Section>
              <Show when={metadata().known.baseline}>
                {(baseline) => (
                  <Section title="Baseline: the untouched fixture">
                    <BaselineSummary baseline={baseline()} />
                  </Section>
                )}
              </Show>
              <div class="grid2">
                <Section title="Heuristic checks">
                  <Show
                    when={metadata().known.heuristicChecks?.length}
                    fallback={<p class="muted">This scenario has no heuristic checks.</p>}
                  >
                    <HeuristicChecks checks={metadata().known.heuristicChecks!} />
                  </Show>
                </Section>
                <Section title="Integrity">
                  <IntegrityFindings findings={metadata().known.integrityFindings ?? []} />
                </Section>
              </div>
              <Section title="LLM judge">
                <JudgeCategories evaluations={data().evaluations} />
              </Section>
              <Section title="Telemetry">
                <Show when={telemetry()} fallback={<p class="muted">No telemetry was stored for this run.</p>}>
                  {(t) => (
                    <dl class="facts">
                      <dt>Tokens in / out</dt>
                      <dd>{count(t().tokensIn)} / {count(t().tokensOut)}</dd>
                      <dt>Cache read / write</dt>
                      <dd>{count(t().cacheReadTokens)} / {count(t().cacheWriteTokens)}</dd>
                      <dt>Judge tokens</dt>
                      <dd>{count(t().judgeTokensIn)} / {count(t().judgeTokensOut)}</dd>
                      <dt>Agent cost</dt>
                      <dd>{usd(t().costUsd, t().costUsd === null ? 1 : 0)}</dd>
                      <dt>Tool calls</dt>
                      <dd>{count(t().toolCalls)}</dd>
                      <dt>Workspace</dt>
                      <dd class="mono">{t().workspaceDir ?? "–"}</dd>
                    </dl>
                  )}
                </Show>
              </Section>
              <Section title="Diff">
                <Loadable state={artifacts.state()} label="the artifacts" onRetry={artifacts.refetch}>
                  {() => (
                    <Show when={artifact("diff.patch")} fallback={<p class="muted">The agent changed no file.</p>}>
                      {(diff) => (
                        <>
                          <Show when={diff().truncated}>
                            <p class="warn">
                              The diff was cut to its stored size ({count(diff().storedBytes)} of{" "}
                              {count(diff().sizeBytes)} bytes).
                            </p>
                          </Show>
                          <Suspense fallback={<div class="placeholder">Loading the diff viewer…</div>}>
                            <DiffView patch={diff().content} />
                          </Suspense>
                        </>
                      )}
                    </Show>
                  )}
                </Loadable>
              </Section>
              <Section title="Transcript">
                <Show
                  when={artifact("transcript.json")}
                  fallback={
                    <p class="muted">
                      {artifacts.state().status === "loading" ? "Loading…" : "This agent recorded no transcript."}
                    </p>
                  }
                >
                  <Show
                    when={transcript()}
                    fallback={
                      <p class="muted">
                        {transcript.loading ? "Reading the transcript…" : "The stored transcript could not be read."}
                      </p>
                    }
                  >
                    {(t) => <TranscriptView transcript={t()} />}
                  </Show>
                </Show>
              </Section>
              <Section title="Command log">
                <Show when={artifact("commands.log")} fallback={<p class="muted">No command ran for this run.</p>}>
                  {(log) => <pre class="log" data-testid="commands-log">{log().content}</pre>}
                </Show>
              </Section>
              <Section title="Upstream fields">
                <dl class="facts">
                  <dt>totalScore</dt>
                  <dd>{score(run().totalScore)}</dd>
                  <dt>successMetric</dt>
                  <dd>{score(run().successMetric)}</dd>
                  <dt>isSuccessful</dt>
                  <dd>{String(run().isSuccessful)}</dd>
                  <dt>specialist</dt>
                  <dd>
                    {run().specialistEnabled ? `${run().specialistName ?? "?"} ${run().specialistVersion ?? ""}` : "no"}
                  </dd>
                  <dt>agentVersion</dt>
                  <dd>{run().agentVersion ?? "–"}</dd>
                </dl>
                <Show when={metadata().raw}>
                  {(raw) => (
                    <details>
                      <summary>metadata (as stored)</summary>
                      <pre>{JSON.stringify(raw(), null, 2)}</pre>
                    </details>
                  )}
                </Show>
              </Section>
            </>
          )
        }}
      </Loadable>
    </>
  )
}
