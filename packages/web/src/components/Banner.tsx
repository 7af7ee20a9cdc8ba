import { Show } from "solid-js"
import type { Connection } from "../data/Api.js"
import { retryDelayMs } from "../data/Query.js"

/** Shown while the API cannot be reached; pages keep retrying and it goes when an answer arrives. */
export const Banner = (props: { readonly connection: Connection; readonly baseUrl: string }) => (
  <Show when={props.connection.down}>
    <div class="banner" role="alert" data-testid="api-down">
      <strong>The ze API at {props.baseUrl} cannot be reached.</strong>{" "}
      <span>{props.connection.message?.replace(/\.?$/, ".")}</span>{" "}
      <span class="muted">Retrying every {retryDelayMs / 1000} s; what is on screen may be out of date.</span>
    </div>
  </Show>
)
