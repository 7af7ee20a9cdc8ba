import { HttpApiBuilder, HttpServerResponse, OpenApi } from "@effect/platform"
import { ZeApi } from "@ze/domain"
import { Effect } from "effect"

/**
 * The OpenAPI document of `ZeApi`, generated from the contract itself the first time it is asked for: building it
 * walks every schema of the API, work that a CLI start or a Worker's cold start would otherwise pay for nothing.
 */
const openApiSpec = (() => {
  let spec: OpenApi.OpenAPISpec | undefined
  return () => (spec ??= OpenApi.fromApi(ZeApi))
})()

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

interface Operation {
  readonly summary?: string
  readonly description?: string
  readonly tags?: ReadonlyArray<string>
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required?: boolean }>
  readonly requestBody?: unknown
  readonly responses?: Record<string, { readonly description?: string }>
  readonly security?: ReadonlyArray<unknown>
}

const renderOperation = (method: string, path: string, op: Operation) => {
  const params = (op.parameters ?? [])
    .map((p) => `<code>${escape(p.name)}</code> <small>(${escape(p.in)}${p.required ? ", required" : ""})</small>`)
    .join(", ")
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><b>${escape(status)}</b> ${escape(r.description ?? "")}</li>`)
    .join("")
  return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code>
    ${op.security && op.security.length > 0 ? "<small>🔒 Bearer</small>" : ""}</h3>
    ${op.summary ? `<p>${escape(op.summary)}</p>` : ""}${op.description ? `<p>${escape(op.description)}</p>` : ""}
    ${params ? `<p>Parameters: ${params}</p>` : ""}
    ${
    op.requestBody
      ? `<details><summary>Request body</summary><pre>${
        escape(JSON.stringify(op.requestBody, null, 2))
      }</pre></details>`
      : ""
  }
    <ul>${responses}</ul></section>`
}

/** A self-contained page (no scripts, no CDN): readable offline and small enough for the Worker bundle. */
const renderDocsPage = () => {
  const openApi = openApiSpec()
  const paths = openApi.paths as Record<string, Record<string, Operation>>
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => renderOperation(method, path, op))
  )
  const schemas = JSON.stringify(openApi.components?.schemas ?? {}, null, 2)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(openApi.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2330}
section{border-top:1px solid #dde;padding:.4rem 0}h3{margin:.4rem 0;font-size:1rem}pre{background:#f5f6f8;padding:.6rem;overflow:auto;font-size:12px}
.m{display:inline-block;min-width:3.6rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:1px 4px}
.get{background:#2f7d4f}.post{background:#2858a8}</style></head><body>
<h1>${escape(openApi.info.title)} <small>${escape(openApi.info.version)}</small></h1>
<p>${escape(openApi.info.description ?? "")} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.
Writes need <code>Authorization: Bearer &lt;key&gt;</code>.</p>
${sections.join("\n")}
<h2>Schemas</h2><details><summary>All component schemas</summary><pre>${escape(schemas)}</pre></details>
</body></html>`
}

const page = (() => {
  let rendered: string | undefined
  return () => (rendered ??= renderDocsPage())
})()

export const DocsLive = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    yield* router.get(
      "/api/openapi.json",
      Effect.suspend(() => HttpServerResponse.json(openApiSpec())).pipe(Effect.orDie)
    )
    yield* router.get("/docs", Effect.sync(() => HttpServerResponse.html(page())))
  })
)
