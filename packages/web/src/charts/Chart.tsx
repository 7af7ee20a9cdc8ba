import type { JSX } from "solid-js"
import { ErrorBoundary, Suspense } from "solid-js"

/** A chart loads with its own chunk (Observable Plot stays out of the first load); its frame keeps the layout still. */
export const ChartFrame = (
  props: { readonly label: string; readonly children: JSX.Element; readonly height?: number }
) => (
  <figure class="chart" aria-label={props.label}>
    <ErrorBoundary
      fallback={(_, reset) => (
        <div class="placeholder">
          The chart could not be loaded. <button type="button" onClick={reset}>Try again</button>
        </div>
      )}
    >
      <Suspense fallback={<div class="placeholder" style={{ height: `${props.height ?? 220}px` }}>Loading chart…</div>}>
        {props.children}
      </Suspense>
    </ErrorBoundary>
  </figure>
)
