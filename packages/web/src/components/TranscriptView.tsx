import type { Transcript, TranscriptStep } from "@ze/domain"
import { For, Match, Show, Switch } from "solid-js"
import { duration } from "../lib/format.js"
import "./TranscriptView.css"

const inputText = (input: unknown) => (typeof input === "string" ? input : JSON.stringify(input, null, 2))

const elapsed = (start: string, at: string) => {
  const ms = Date.parse(at) - Date.parse(start)
  return Number.isNaN(ms) ? "" : `+${duration(ms)}`
}

const Step = (props: { readonly step: TranscriptStep; readonly index: number; readonly start: string }) => (
  <li class={`step ${props.step._tag}`}>
    <div class="step-head">
      <span class="step-n">{props.index + 1}</span>
      <Switch>
        <Match when={props.step._tag === "message" && props.step}>
          {(message) => <strong>{message().role}</strong>}
        </Match>
        <Match when={props.step._tag === "tool_call" && props.step}>
          {(call) => (
            <>
              <strong>tool</strong> <code>{call().tool}</code> <span class="muted">{duration(call().durationMs)}</span>
              {" "}
              <Show when={call().error}>
                <span class="badge bad">error</span>
              </Show>
            </>
          )}
        </Match>
      </Switch>
      <span class="muted step-at" title={props.step.at}>{elapsed(props.start, props.step.at)}</span>
    </div>
    <Switch>
      <Match when={props.step._tag === "message" && props.step}>
        {(message) => <pre class="step-body">{message().content}</pre>}
      </Match>
      <Match when={props.step._tag === "tool_call" && props.step}>
        {(call) => (
          <>
            <details>
              <summary>input</summary>
              <pre class="step-body">{inputText(call().input)}</pre>
            </details>
            <Show when={call().output !== undefined || call().error !== undefined}>
              <details open={call().error !== undefined}>
                <summary>{call().error !== undefined ? "error" : "output"}</summary>
                <pre class="step-body">{call().error ?? call().output}</pre>
              </details>
            </Show>
          </>
        )}
      </Match>
    </Switch>
  </li>
)

/** The agent's transcript: each message and tool call in order, with its input, output and timing. */
export const TranscriptView = (props: { readonly transcript: Transcript }) => (
  <div data-testid="transcript">
    <p class="muted">
      {props.transcript.steps.length} steps, {props.transcript.steps.filter((s) => s._tag === "tool_call").length}{" "}
      tool calls
      {props.transcript.model ? ` · ${props.transcript.model}` : ""}
    </p>
    <ol class="transcript">
      <For each={props.transcript.steps}>
        {(step, index) => <Step step={step} index={index()} start={props.transcript.steps[0]?.at ?? step.at} />}
      </For>
    </ol>
  </div>
)
