import type { Tone } from "../lib/tone.js"
import { statusTone } from "../lib/tone.js"

export const Badge = (props: { readonly tone: Tone; readonly children: string; readonly title?: string }) => (
  <span class={`badge ${props.tone}`} title={props.title}>{props.children}</span>
)

export const StatusBadge = (props: { readonly status: string; readonly title?: string }) => (
  <Badge tone={statusTone(props.status)} {...(props.title === undefined ? {} : { title: props.title })}>
    {props.status.replace(/_/g, " ")}
  </Badge>
)
