/** A unified diff (`git diff` output) split into files, hunks and numbered lines. */
export interface DiffLine {
  readonly kind: "add" | "del" | "context"
  readonly text: string
  readonly oldNumber: number | null
  readonly newNumber: number | null
}

export interface DiffHunk {
  readonly header: string
  readonly lines: ReadonlyArray<DiffLine>
}

export interface DiffFile {
  readonly path: string
  readonly oldPath: string | null
  readonly status: "added" | "deleted" | "modified" | "renamed" | "binary"
  readonly additions: number
  readonly deletions: number
  readonly hunks: ReadonlyArray<DiffHunk>
}

const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/
const stripPrefix = (path: string) => path.replace(/^[ab]\//, "")

export const parseUnifiedDiff = (patch: string): ReadonlyArray<DiffFile> => {
  type Mutable<T> = { -readonly [K in keyof T]: T[K] }
  const files: Array<Mutable<DiffFile> & { hunks: Array<DiffHunk & { lines: Array<DiffLine> }> }> = []
  let file: (typeof files)[number] | undefined
  let hunk: { header: string; lines: Array<DiffLine> } | undefined
  let oldLine = 0
  let newLine = 0
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) {
      const match = /^diff --git a\/(.*) b\/(.*)$/.exec(line)
      file = {
        path: match?.[2] ?? line.slice(11),
        oldPath: null,
        status: "modified",
        additions: 0,
        deletions: 0,
        hunks: []
      }
      files.push(file)
      hunk = undefined
      continue
    }
    if (!file) continue
    const header = hunkHeader.exec(line)
    if (header) {
      oldLine = Number(header[1])
      newLine = Number(header[2])
      hunk = { header: line, lines: [] }
      file.hunks.push(hunk)
      continue
    }
    if (hunk === undefined) {
      if (line.startsWith("new file mode")) file.status = "added"
      else if (line.startsWith("deleted file mode")) file.status = "deleted"
      else if (line.startsWith("rename from ")) Object.assign(file, { status: "renamed", oldPath: line.slice(12) })
      else if (line.startsWith("Binary files")) file.status = "binary"
      else if (line.startsWith("+++ ") && line !== "+++ /dev/null") file.path = stripPrefix(line.slice(4))
      continue
    }
    const text = line.slice(1)
    if (line.startsWith("+")) {
      hunk.lines.push({ kind: "add", text, oldNumber: null, newNumber: newLine++ })
      file.additions++
    } else if (line.startsWith("-")) {
      hunk.lines.push({ kind: "del", text, oldNumber: oldLine++, newNumber: null })
      file.deletions++
    } else if (line.startsWith(" ")) {
      hunk.lines.push({ kind: "context", text, oldNumber: oldLine++, newNumber: newLine++ })
    }
  }
  return files
}

const languages: Record<string, string> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  json: "json",
  css: "css",
  scss: "css",
  html: "xml",
  xml: "xml",
  svg: "xml",
  vue: "xml",
  sh: "bash",
  bash: "bash",
  yml: "yaml",
  yaml: "yaml",
  md: "markdown",
  py: "python"
}

/** The highlight.js language for a path, or null to show it plain. */
export const languageOf = (path: string): string | null => {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase()
  return extension === undefined ? null : languages[extension] ?? null
}
