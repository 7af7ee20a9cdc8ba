import type { JSX } from "solid-js"
import { Suspense } from "solid-js"

/** A chart loads with its own chunk (Observable Plot stays out of the first load); its frame keeps the layout still. */
export const ChartFrame = (props: { readonly label: string; readonly children: JSX.Element; readonly height?: number }) => (
  <figure class="chart" aria-label={props.label} style={{ "min-height": `${props.height ?? 220}px` }}>
    <Suspense fallback={<div class="placeholder">Loading chart…</div>}>{props.children}</Suspense>
  </figure>
)
