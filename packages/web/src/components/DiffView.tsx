import hljs from "highlight.js/lib/core"
import bash from "highlight.js/lib/languages/bash"
import css from "highlight.js/lib/languages/css"
import javascript from "highlight.js/lib/languages/javascript"
import json from "highlight.js/lib/languages/json"
import markdown from "highlight.js/lib/languages/markdown"
import python from "highlight.js/lib/languages/python"
import typescript from "highlight.js/lib/languages/typescript"
import xml from "highlight.js/lib/languages/xml"
import yaml from "highlight.js/lib/languages/yaml"
import { createMemo, For, Show } from "solid-js"
import type { DiffFile } from "../lib/diff.js"
import { languageOf, parseUnifiedDiff } from "../lib/diff.js"
import "./DiffView.css"

for (
  const [name, language] of Object.entries({ bash, css, javascript, json, markdown, python, typescript, xml, yaml })
) {
  hljs.registerLanguage(name, language)
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** highlight.js escapes what it is given, so its output is safe to insert as HTML. */
const highlighted = (text: string, language: string | null) =>
  language === null ? escapeHtml(text) : hljs.highlight(text, { language, ignoreIllegals: true }).value

const FileDiff = (props: { readonly file: DiffFile }) => {
  const language = languageOf(props.file.path)
  return (
    <details class="diff-file" open>
      <summary>
        <span class="mono">{props.file.oldPath ? `${props.file.oldPath} → ${props.file.path}` : props.file.path}</span>
        {" "}
        <span
          class={`badge ${props.file.status === "deleted" ? "bad" : props.file.status === "added" ? "good" : "muted"}`}
        >
          {props.file.status}
        </span>{" "}
        <span class="good">+{props.file.additions}</span> <span class="bad">−{props.file.deletions}</span>
      </summary>
      <Show
        when={props.file.hunks.length > 0}
        fallback={<p class="muted">No text changes to show ({props.file.status}).</p>}
      >
        <table class="diff">
          <caption class="sr-only">Changes to {props.file.path}</caption>
          <For each={props.file.hunks}>
            {(hunk) => (
              <tbody>
                <tr class="hunk">
                  <td colspan="3" class="mono">{hunk.header}</td>
                </tr>
                <For each={hunk.lines}>
                  {(line) => (
                    <tr class={`line ${line.kind}`}>
                      <td class="ln">{line.oldNumber ?? ""}</td>
                      <td class="ln">{line.newNumber ?? ""}</td>
                      <td class="code">
                        <span
                          class="sign"
                          aria-label={line.kind === "add" ? "added" : line.kind === "del" ? "removed" : undefined}
                        >
                          {line.kind === "add" ? "+" : line.kind === "del" ? "−" : " "}
                        </span>
                        <span class="hljs" innerHTML={highlighted(line.text, language)} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            )}
          </For>
        </table>
      </Show>
    </details>
  )
}

/** The run's unified diff, file by file, syntax-highlighted. */
export default function DiffView(props: { readonly patch: string }) {
  const files = createMemo(() => parseUnifiedDiff(props.patch))
  return (
    <div class="diff-view" data-testid="diff">
      <p class="muted">
        {files().length} file{files().length === 1 ? "" : "s"} changed,{" "}
        <span class="good">+{files().reduce((n, f) => n + f.additions, 0)}</span>{" "}
        <span class="bad">−{files().reduce((n, f) => n + f.deletions, 0)}</span>
      </p>
      <For each={files()}>{(file) => <FileDiff file={file} />}</For>
    </div>
  )
}
