import type { Evaluation } from "@ze/domain"
import { For, Show } from "solid-js"
import { percent } from "../lib/format.js"
import type { RunMetadata } from "../lib/runMetadata.js"
import { parseJudgeDetails } from "../lib/runMetadata.js"
import { Badge } from "./Badge.js"
import { Table } from "./Table.js"

const share = (e: Evaluation) => (e.status !== "ok" || e.maxScore <= 0 ? null : e.score / e.maxScore)

/** Each evaluator's score, its weight in the total and what it said. */
export const EvaluationTable = (props: { readonly evaluations: ReadonlyArray<Evaluation> }) => {
  const totalWeight = () =>
    props.evaluations.filter((e) => e.status === "ok").reduce((sum, e) => sum + (e.weight ?? 1), 0)
  return (
    <Table
      caption="Score per evaluator"
      head={
        <tr>
          <th scope="col">Evaluator</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Score</th>
          <th scope="col" class="num">Weight</th>
          <th scope="col">Details</th>
        </tr>
      }
    >
      <For each={props.evaluations}>
        {(e) => (
          <tr>
            <td>{e.evaluatorName}</td>
            <td>
              <Badge tone={e.status === "ok" ? "good" : e.status === "error" ? "bad" : "muted"}>{e.status}</Badge>
            </td>
            <td class="num">
              <Show when={share(e) !== null} fallback="–">
                <span class="meter" aria-hidden="true">
                  <span style={{ width: `${(share(e) ?? 0) * 100}%` }} />
                </span>{" "}
                {percent(share(e))}
              </Show>
            </td>
            <td class="num">
              {e.status === "ok"
                ? `${e.weight ?? 1} (${percent((e.weight ?? 1) / (totalWeight() || 1))})`
                : "not counted"}
            </td>
            <td>
              <Show when={e.details}>
                {(details) => (
                  <details>
                    <summary>{details().split("\n")[0]!.slice(0, 100)}</summary>
                    <pre>{details()}</pre>
                  </details>
                )}
              </Show>
            </td>
          </tr>
        )}
      </For>
    </Table>
  )
}

export const JudgeCategories = (props: { readonly evaluations: ReadonlyArray<Evaluation> }) => {
  const judge = () => props.evaluations.map((e) => parseJudgeDetails(e.details)).find((d) => d !== null) ?? null
  return (
    <Show
      when={judge()}
      fallback={<p class="muted">The LLM judge did not score this run (see its evaluator row for why).</p>}
    >
      {(details) => (
        <>
          <Show when={details().overall_assessment}>
            <p>{details().overall_assessment}</p>
          </Show>
          <Table
            caption="Judge categories"
            head={
              <tr>
                <th scope="col">Category</th>
                <th scope="col" class="num">Score</th>
                <th scope="col" class="num">Weight</th>
                <th scope="col">Reasoning</th>
              </tr>
            }
          >
            <For each={details().scores}>
              {(c) => (
                <tr>
                  <td>{c.category}</td>
                  <td class="num">{c.score ?? "–"}</td>
                  <td class="num">{c.weight ?? "–"}</td>
                  <td>{c.reasoning ?? ""}</td>
                </tr>
              )}
            </For>
          </Table>
          <p class="muted">Judged by {details().provider ?? "?"} {details().model ?? ""}</p>
        </>
      )}
    </Show>
  )
}

export const HeuristicChecks = (props: { readonly checks: NonNullable<RunMetadata["heuristicChecks"]> }) => (
  <Table
    caption="Heuristic checks"
    head={
      <tr>
        <th scope="col">Check</th>
        <th scope="col">Result</th>
        <th scope="col" class="num">Weight</th>
        <th scope="col">Description</th>
      </tr>
    }
  >
    <For each={props.checks}>
      {(check) => (
        <tr>
          <td>{check.name}</td>
          <td>
            <Badge tone={check.passed ? "good" : "bad"}>{check.passed ? "passed" : "failed"}</Badge>
          </td>
          <td class="num">{check.weight}</td>
          <td>{check.error ?? check.description ?? ""}</td>
        </tr>
      )}
    </For>
  </Table>
)

export const IntegrityFindings = (props: { readonly findings: NonNullable<RunMetadata["integrityFindings"]> }) => (
  <Show
    when={props.findings.length > 0}
    fallback={<p class="muted">No integrity findings: no tests deleted or disabled, no checks weakened.</p>}
  >
    <ul class="findings">
      <For each={props.findings}>
        {(f) => (
          <li>
            <Badge tone="bad">{f.kind.replace(/_/g, " ")}</Badge> <code>{f.file}</code> {f.detail}
          </li>
        )}
      </For>
    </ul>
  </Show>
)

/** What the run was scored against: the checks that already pass on the untouched fixture carry no signal. */
export const BaselineSummary = (props: { readonly baseline: NonNullable<RunMetadata["baseline"]> }) => (
  <div data-testid="baseline">
    <p>
      <Show
        when={props.baseline.discriminating.length > 0}
        fallback={
          <strong class="bad">
            Nothing in this scenario fails on the untouched fixture: no check tells a no-op from a solution.
          </strong>
        }
      >
        This run passed {props.baseline.passedDiscriminating.length} of the {props.baseline.discriminating.length}{" "}
        checks that fail on the untouched fixture.
      </Show>
    </p>
    <Table
      caption="Checks on the untouched fixture"
      head={
        <tr>
          <th scope="col">Check</th>
          <th scope="col">On the untouched fixture</th>
          <th scope="col">This run</th>
        </tr>
      }
    >
      <For each={[...props.baseline.discriminating, ...props.baseline.passingOnBaseline]}>
        {(check) => {
          const discriminating = props.baseline.discriminating.includes(check)
          return (
            <tr>
              <td>{check}</td>
              <td>
                <Badge tone={discriminating ? "good" : "warn"}>
                  {discriminating ? "fails: tells runs apart" : "already passes: no signal"}
                </Badge>
              </td>
              <td>
                {discriminating
                  ? (props.baseline.passedDiscriminating.includes(check) ? "passed" : "did not pass")
                  : "–"}
              </td>
            </tr>
          )
        }}
      </For>
    </Table>
  </div>
)
