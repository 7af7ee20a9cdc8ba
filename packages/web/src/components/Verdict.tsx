import type { BatchComparison } from "@ze/domain"
import { formatP } from "@ze/domain"
import { Show } from "solid-js"
import { percent, score } from "../lib/format.js"
import type { Tone } from "../lib/tone.js"
import { Badge } from "./Badge.js"
import "./Verdict.css"

const verdictTone = (verdict: BatchComparison["verdict"]): Tone =>
  verdict === "better"
    ? "good"
    : verdict === "worse"
    ? "bad"
    : verdict === "no detectable difference"
    ? "muted"
    : "warn"

const signed = (
  value: number | null,
  digits = 2
) => (value === null ? "–" : `${value > 0 ? "+" : ""}${value.toFixed(digits)}`)

/** The verdict first, in words, then the two tests behind it and how much evidence a difference this size needs. */
export const Verdict = (props: { readonly comparison: BatchComparison }) => {
  const c = () => props.comparison
  return (
    <div class={`verdict ${verdictTone(c().verdict)}`} data-testid="verdict">
      <div class="verdict-head">
        <span class="verdict-word">
          Head is {c().verdict === "better" || c().verdict === "worse"
            ? c().verdict
            : c().verdict === "no detectable difference"
            ? "not detectably different"
            : "not decided"}
        </span>
        <span class="muted">({c().verdict}, {c().pairs} paired cells)</span>
        <span data-testid="compare-mode">
          <Badge tone={c().mode === "sequential" ? "info" : "muted"}>
            {c().mode === "sequential" ? "sequential test" : "fixed test"}
          </Badge>
        </span>
      </div>
      <p>{c().reason}</p>
      <dl class="facts">
        <dt>Mean score</dt>
        <dd>
          {score(c().score.baseMean)} → {score(c().score.headMean)} ({signed(c().score.meanDifference)}
          <Show when={c().score.interval}>{(i) => <>, 95% CI {signed(i().lower)} to {signed(i().upper)}</>}</Show>
          <Show when={c().score.pValue !== null}>, {formatP(c().score.pValue!)}</Show>)
        </dd>
        <dt>Pass rate</dt>
        <dd>
          {percent(c().passFail.basePassRate)} → {percent(c().passFail.headPassRate)}: {c().passFail.improved}{" "}
          cells flipped to pass, {c().passFail.regressed} to fail (McNemar {formatP(c().passFail.pValue)})
        </dd>
        <dt>Smallest detectable change</dt>
        <dd>
          {c().score.minimumDetectableDifference === null
            ? "–"
            : `${c().score.minimumDetectableDifference!.toFixed(2)} points of score with ${c().score.pairs} pairs`}
        </dd>
        <dt>Pairs needed</dt>
        <dd>
          {c().score.pairsNeeded === null
            ? "– (no difference or no spread to size it from)"
            : `about ${c().score.pairsNeeded} paired cells to detect a difference of ${
              Math.abs(c().score.meanDifference ?? 0).toFixed(2)
            } at 80% power`}
        </dd>
        <dt>Mode</dt>
        <dd>
          {c().mode === "sequential"
            ? "sequential: anytime-valid, stays honest however often you compare again as runs are added"
            : "fixed: valid for one look at a finished design (ze compare --mode sequential to keep re-comparing)"}
        </dd>
        <dt>Method</dt>
        <dd class="muted">
          α = {c().method.alpha} (each test at α/2), paired bootstrap with{" "}
          {c().method.bootstrapResamples.toLocaleString("en-US")} resamples (seed{" "}
          {c().method.seed}), exact McNemar; at least {c().method.minimumPairs} pairs
        </dd>
      </dl>
    </div>
  )
}
