import { describe, expect, it } from "vitest"
import { languageOf, parseUnifiedDiff } from "../src/lib/diff.js"

const patch = `diff --git a/src/slugify.ts b/src/slugify.ts
index 1111111..2222222 100644
--- a/src/slugify.ts
+++ b/src/slugify.ts
@@ -1,4 +1,5 @@
 export const slugify = (text: string) =>
-  text.toLowerCase()
+  text
+    .toLowerCase()
     .trim()
\\ No newline at end of file
diff --git a/notes.md b/notes.md
new file mode 100644
--- /dev/null
+++ b/notes.md
@@ -0,0 +1,2 @@
+# Notes
+--- not a header
diff --git a/old.txt b/new.txt
similarity index 100%
rename from old.txt
rename to new.txt
diff --git a/logo.png b/logo.png
Binary files a/logo.png and b/logo.png differ
`

describe("parseUnifiedDiff", () => {
  const files = parseUnifiedDiff(patch)

  it("splits files and counts their changes", () => {
    expect(files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
      ["src/slugify.ts", "modified", 2, 1],
      ["notes.md", "added", 2, 0],
      ["new.txt", "renamed", 0, 0],
      ["logo.png", "binary", 0, 0]
    ])
    expect(files[2]!.oldPath).toBe("old.txt")
  })

  it("numbers old and new lines from the hunk header", () => {
    const lines = files[0]!.hunks[0]!.lines
    expect(lines.map((l) => [l.kind, l.oldNumber, l.newNumber])).toEqual([
      ["context", 1, 1],
      ["del", 2, null],
      ["add", null, 2],
      ["add", null, 3],
      ["context", 3, 4]
    ])
  })

  it("keeps an added line that looks like a file header", () => {
    expect(files[1]!.hunks[0]!.lines.map((l) => l.text)).toEqual(["# Notes", "--- not a header"])
  })

  it("knows the language of common files", () => {
    expect([languageOf("a/b.tsx"), languageOf("x.JSON"), languageOf("Makefile")]).toEqual(["typescript", "json", null])
  })
})
