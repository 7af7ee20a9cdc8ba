import { describe, expect, it } from "@effect/vitest"
import { ZE_VERSION } from "@ze/domain"
import { makeInProcessHandler } from "@ze/server"
import { afterAll } from "vitest"

const { dispose, handler } = makeInProcessHandler()
afterAll(() => dispose())

const get = async (path: string) => (await handler(new Request(`http://ze.local${path}`))).json() as Promise<Document>

interface Operation {
  readonly summary?: string
  readonly responses: Record<string, { readonly description: string }>
}

/** The parts of /api/openapi.json and /health these tests read. */
interface Document {
  readonly version: string
  readonly info: { readonly version: string }
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, unknown> }
}

describe("the OpenAPI document reads as documentation", () => {
  it("says the same version as /health and ze --version", async () => {
    const spec = await get("/api/openapi.json")
    expect(spec.info.version).toBe(ZE_VERSION)
    expect((await get("/health")).version).toBe(ZE_VERSION)
  })

  it("every endpoint has a summary, and no response is described by a bare type name", async () => {
    const spec = await get("/api/openapi.json")
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation }))
    )
    expect(operations.filter(({ operation }) => (operation.summary ?? "") === "").map(({ name }) => name)).toEqual([])
    const bare = operations.flatMap(({ name, operation }) =>
      Object.values(operation.responses).filter((r) => /^[A-Z][A-Za-z]+$/.test(r.description)).map((r) =>
        `${name}: ${r.description}`
      )
    )
    expect(bare).toEqual([])
  })

  it("says how the stored repeat is counted", async () => {
    const spec = await get("/api/openapi.json")
    expect(JSON.stringify(spec.components.schemas.Run)).toContain("counted from 0")
  })
})
