import { copyFileSync, mkdirSync } from "node:fs"
import { slugify } from "./lib/slugify.mjs"

if (typeof slugify !== "function") {
  console.error("lib/slugify.mjs must export a slugify function")
  process.exit(1)
}
mkdirSync("dist", { recursive: true })
copyFileSync("lib/slugify.mjs", "dist/slugify.mjs")
console.log("built dist/slugify.mjs")
