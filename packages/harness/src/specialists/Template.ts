import { Effect, ParseResult, Schema } from "effect"
import JSON5 from "json5"
import { readdir, readFile } from "node:fs/promises"
import { basename, dirname, isAbsolute, join, resolve } from "node:path"
import { McpServerSpec } from "../mcp/McpSpec.js"

const Texts = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * A specialist template (upstream's `templates/*.jsonc`): a persona, preferred models, prompts and MCP servers.
 * `prompts.default` and `prompts.model_specific.<model>` hold the spawner prompt and per-task texts;
 * `prompts.<task>.default.systemPrompt` and `prompts.<task>.model_specific.<model>.systemPrompt` the task prompts.
 */
export const SpecialistTemplate = Schema.Struct({
  name: Schema.String,
  version: Schema.String,
  displayName: Schema.optional(Schema.String),
  schema_version: Schema.optional(Schema.String),
  persona: Schema.optional(Schema.Struct({
    purpose: Schema.optional(Schema.String),
    values: Schema.optional(Schema.Array(Schema.String)),
    attributes: Schema.optional(Schema.Array(Schema.String)),
    tech_stack: Schema.optional(Schema.Array(Schema.String))
  })),
  dependencies: Schema.optional(Schema.Struct({ mcps: Schema.optional(Schema.Array(McpServerSpec)) })),
  preferred_models: Schema.optional(Schema.Array(Schema.Struct({
    model: Schema.String,
    weight: Schema.optional(Schema.Number)
  }))),
  prompts: Schema.optional(Schema.Struct(
    {
      default: Schema.optional(Texts),
      model_specific: Schema.optional(Schema.Record({ key: Schema.String, value: Texts }))
    },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  ))
})
export type SpecialistTemplate = typeof SpecialistTemplate.Type

/** A template that cannot be loaded: unreadable, bad JSON5, a broken `from` chain or a field of the wrong type. */
export class InvalidTemplate extends Schema.TaggedError<InvalidTemplate>()("InvalidTemplate", {
  file: Schema.String,
  message: Schema.String
}) {}

const invalid = (file: string, problem: string) =>
  new InvalidTemplate({ file, message: `Invalid specialist template ${file}: ${problem}` })

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value)

/** Objects merge key by key (recursively); arrays and primitives of `child` replace those of `base`. */
export const deepMerge = (base: Json, child: Json): Json => {
  const merged: Json = { ...base }
  for (const [key, value] of Object.entries(child)) {
    const inherited = merged[key]
    merged[key] = isObject(inherited) && isObject(value) ? deepMerge(inherited, value) : value
  }
  return merged
}

const extensions = [".jsonc", ".json5", ".json"]
const pathOf = (path: ReadonlyArray<PropertyKey>) =>
  path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("")

const readJson5 = (file: string) =>
  Effect.tryPromise({ try: () => readFile(file, "utf8"), catch: (error) => invalid(file, String(error)) }).pipe(
    Effect.flatMap((text) =>
      Effect.try({
        try: (): unknown => JSON5.parse(text),
        catch: (error) => invalid(file, error instanceof Error ? error.message : String(error))
      })
    ),
    Effect.filterOrFail(isObject, () => invalid(file, "the top level is not an object"))
  )

const exists = (file: string) => Effect.promise(() => readFile(file).then(() => true, () => false))

/** `from` is a path (relative to the template) or a template name in the same folder. */
const resolveFrom = (file: string, from: string) =>
  Effect.gen(function*() {
    const dir = dirname(file)
    const candidates = from.startsWith(".") || isAbsolute(from)
      ? [resolve(dir, from), ...extensions.map((ext) => resolve(dir, from + ext))]
      : extensions.flatMap((ext) => [join(dir, from + ext), join(dir, `${from}-template${ext}`)])
    const found = yield* Effect.findFirst(candidates, exists)
    if (found._tag === "Some") return found.value
    return yield* invalid(file, `from "${from}": no such template (looked for ${candidates.join(", ")})`)
  })

const loadChain = (file: string, seen: ReadonlyArray<string>): Effect.Effect<Json, InvalidTemplate> =>
  Effect.gen(function*() {
    if (seen.includes(file)) {
      return yield* invalid(seen[0]!, `"from" makes a cycle: ${[...seen, file].join(" -> ")}`)
    }
    const own = yield* readJson5(file)
    const { $schema: _schema, from, ...fields } = own
    if (from === undefined) return fields
    if (typeof from !== "string") return yield* invalid(file, `from: expected a string, got ${JSON.stringify(from)}`)
    const base = yield* loadChain(yield* resolveFrom(file, from), [...seen, file])
    return deepMerge(base, fields)
  })

/** A template and everything it inherits with `from`, validated. */
export const loadTemplate = (file: string) =>
  Effect.gen(function*() {
    const merged = yield* loadChain(resolve(file), [])
    return yield* Schema.decodeUnknown(SpecialistTemplate)(merged, { errors: "all" }).pipe(
      Effect.mapError((error) =>
        invalid(
          resolve(file),
          ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
            `${pathOf(issue.path) || "(root)"}: ${issue.message}`
          ).join("; ")
        )
      )
    )
  })

/** The template files of a folder. */
export const templateFiles = (dir: string) =>
  Effect.promise(() => readdir(dir).catch(() => [] as Array<string>)).pipe(
    Effect.map((names) =>
      names.filter((name) => extensions.some((ext) => name.endsWith(ext))).sort().map((name) => join(dir, name))
    )
  )

/** The names `--specialist` finds in `dir`: each template file's name without its extension and `-template`. */
export const specialistNames = (dir: string) =>
  Effect.map(
    templateFiles(dir),
    (files) => files.map((file) => basename(file).replace(/\.(jsonc|json5|json)$/, "").replace(/-template$/, ""))
  )

/** Finds a specialist by file name (with or without `-template`) or by the `name` inside a template. */
export const findTemplate = (dir: string, name: string) =>
  Effect.gen(function*() {
    const direct = extensions.flatMap((ext) => [join(dir, name + ext), join(dir, `${name}-template${ext}`)])
    const found = yield* Effect.findFirst(direct, exists)
    if (found._tag === "Some") return found.value
    for (const file of yield* templateFiles(dir)) {
      const named = yield* Effect.option(readJson5(file))
      if (named._tag === "Some" && named.value.name === name) return file
    }
    const available = (yield* templateFiles(dir)).map((file) => file.slice(dir.length + 1))
    return yield* new InvalidTemplate({
      file: dir,
      message: `No specialist "${name}" in ${dir} (templates there: ${available.join(", ") || "none"})`
    })
  })

/** A loaded specialist: what a matrix cell carries and a run records. */
export interface Specialist {
  readonly name: string
  readonly version: string
  readonly file: string
  readonly template: SpecialistTemplate
}

/** The specialist `name` from the templates folder `dir`, with its `from` chain resolved and validated. */
export const loadSpecialist = (dir: string, name: string) =>
  Effect.gen(function*() {
    const file = yield* findTemplate(dir, name)
    const template = yield* loadTemplate(file)
    return { name, version: template.version, file, template } satisfies Specialist
  })
