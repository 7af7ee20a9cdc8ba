import { readdir } from "node:fs/promises"
import { join } from "node:path"

const special = /[.+^$()|\\]/

/** A glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a regular expression over `/`-separated relative paths. */
export const globToRegExp = (glob: string): RegExp => {
  const source = glob.replace(/^\.\//, "")
  let out = ""
  let inBraces = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string
    if (c === "*" && source[i + 1] === "*") {
      const slashAfter = source[i + 2] === "/"
      out += slashAfter ? "(?:.*/)?" : ".*"
      i += slashAfter ? 2 : 1
    } else if (c === "*") out += "[^/]*"
    else if (c === "?") out += "[^/]"
    else if (c === "{") {
      inBraces = true
      out += "(?:"
    } else if (c === "}" && inBraces) {
      inBraces = false
      out += ")"
    } else if (c === "," && inBraces) out += "|"
    else if (c === "[") {
      const end = source.indexOf("]", i + 1)
      if (end === -1) out += "\\["
      else {
        out += `[${source.slice(i + 1, end).replace(/^!/, "^")}]`
        i = end
      }
    } else out += special.test(c) || c === "}" || c === "]" ? `\\${c}` : c
  }
  return new RegExp(`^${out}$`)
}

/** Every file under `root` as a relative `/` path, skipping `.git` and `node_modules`. */
export const listTree = async (root: string, prefix = ""): Promise<Array<string>> => {
  const entries = await readdir(join(root, prefix), { withFileTypes: true }).catch(() => [])
  const nested = await Promise.all(entries.map((entry) => {
    if (entry.name === ".git" || entry.name === "node_modules") return Promise.resolve([])
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`
    return entry.isDirectory() ? listTree(root, path) : Promise.resolve([path])
  }))
  return nested.flat().sort()
}
