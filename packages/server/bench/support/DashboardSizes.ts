/**
 * The dashboard's first load and largest chunk, computed as dashboard.bench.ts computes them (gzip level 6 per file):
 * the entry script with its static imports, the CSS index.html links, and the Overview chunk page `/` loads.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { gzipSync } from "node:zlib"
import { root } from "./Processes.js"

export const appDirectory = join(root, "packages", "web", "dist", "app")

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 6 }).length

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; never `import("./x.js")`. */
const staticImport = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$\s{},*]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g
const dynamicImport = /\bimport\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g

const staticImportsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(staticImport)].map((match) => resolve(dirname(file), match[1]!))

/** The file and every chunk it imports statically, transitively. */
const staticClosure = (entries: ReadonlyArray<string>) => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    staticImportsOf(file).forEach(visit)
  }
  entries.forEach(visit)
  return seen
}

const filesUnder = (directory: string): Array<string> =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]
  )

export const measureSizes = () => {
  const html = readFileSync(join(appDirectory, "index.html"), "utf8")
  const local = (href: string) => join(appDirectory, href.replace(/^\//, ""))
  const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}=["']([^"']+)["']`))?.[1]
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((match) => match[0])
  const scripts = tags.filter((tag) => tag.startsWith("<script") && /type=["']module["']/.test(tag))
    .map((tag) => attribute(tag, "src")).filter((src): src is string => src !== undefined).map(local)
  const linked = (rel: string) =>
    tags.filter((tag) => tag.startsWith("<link") && attribute(tag, "rel") === rel)
      .map((tag) => attribute(tag, "href")).filter((href): href is string => href !== undefined).map(local)
  const css = linked("stylesheet")
  const preloads = linked("modulepreload")
  const entry = staticClosure([...scripts, ...preloads])

  // `/` renders Overview: the entry loads its chunk with a dynamic import, which then needs its static imports.
  const overviewChunk = [...entry].flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(dynamicImport)].map((match) => resolve(dirname(file), match[1]!))
  ).find((file) => /[\\/]Overview-[^\\/]*\.js$/.test(file))
  if (overviewChunk === undefined) throw new Error("no dynamic import of an Overview-*.js chunk in the entry")
  const overview = [...staticClosure([overviewChunk])].filter((file) => !entry.has(file))

  const firstLoad = [...new Set([...entry, ...css, ...overview])]
  const all = filesUnder(appDirectory).filter((file) => !/[\\/]\.[^\\/]*$/.test(file))
  const sized = (files: ReadonlyArray<string>) => ({
    files: files.length,
    raw: files.reduce((total, file) => total + statSync(file).size, 0),
    gzip: files.reduce((total, file) => total + gzipSize(file), 0)
  })
  const chunks = all.filter((file) => file.endsWith(".js")).map((file) => ({
    file,
    gzip: gzipSize(file),
    raw: statSync(file).size
  }))
  const largest = chunks.reduce((a, b) => (b.gzip > a.gzip ? b : a))
  return {
    entry: sized([...entry]),
    css: sized(css),
    overview: sized(overview),
    firstLoad: sized(firstLoad),
    firstLoadFiles: firstLoad.map((file) => relative(appDirectory, file)),
    largest: { name: relative(appDirectory, largest.file), raw: largest.raw, gzip: largest.gzip },
    all: sized(all)
  }
}
