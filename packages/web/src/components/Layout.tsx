import { A } from "@solidjs/router"
import type { JSX } from "solid-js"
import { ErrorBoundary, For, Suspense } from "solid-js"
import { useApi } from "../data/Api.js"
import { Banner } from "./Banner.js"

const pages = [
  { href: "/", label: "Overview", end: true },
  { href: "/runs", label: "Runs" },
  { href: "/batches", label: "Batches" },
  { href: "/compare", label: "Compare" },
  { href: "/agents", label: "Agents & models" },
  { href: "/suites", label: "Suites" },
  { href: "/evaluators", label: "Evaluators" },
  { href: "/costs", label: "Costs" }
] as const

export const Layout = (props: { readonly children?: JSX.Element }) => {
  const api = useApi()
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/" aria-label="ze dashboard home">ze</a>
        <nav aria-label="Pages">
          <For each={pages}>
            {(page) => <A href={page.href} end={"end" in page} activeClass="active">{page.label}</A>}
          </For>
        </nav>
        <a class="docs" href="/docs">API docs</a>
      </header>
      <Banner connection={api.connection()} baseUrl={api.baseUrl} />
      <main id="main" tabindex="-1">
        <ErrorBoundary fallback={(error, reset) => <PageFailed error={error} reset={reset} />}>
          <Suspense fallback={<div class="placeholder" role="status">Loading page…</div>}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  )
}

/** A page whose code could not be loaded (the server went away) or that failed while rendering. */
const PageFailed = (props: { readonly error: unknown; readonly reset: () => void }) => (
  <div class="problem" role="alert">
    <strong>This page could not be shown.</strong>
    <p>{props.error instanceof Error ? props.error.message : String(props.error)}</p>
    <button type="button" onClick={() => props.reset()}>Try again</button>
  </div>
)

/** The page title and, beside it, what the page is about. */
export const PageHead = (
  props: { readonly title: string; readonly subtitle?: JSX.Element; readonly actions?: JSX.Element }
) => {
  document.title = `${props.title} · ze`
  return (
    <div class="page-head">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle ? <p class="muted">{props.subtitle}</p> : null}
      </div>
      {props.actions ? <div class="actions">{props.actions}</div> : null}
    </div>
  )
}
