// Numbered bundle text back to a plain unified diff, to check that numbering
// loses nothing: drops each hunk line's number column.
import { numberWidth } from '../../src/core/diff/text.ts'

export function stripLineNumbers(text: string): string {
  let width = -1
  return text
    .split('\n')
    .map((line) => {
      const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line)
      if (header) {
        width = numberWidth({ newStart: Number(header[1]), newLines: header[2] === undefined ? 1 : Number(header[2]) })
        return line
      }
      if (line.startsWith('diff --git ')) width = -1
      if (width < 0 || line.startsWith('\\') || line === '') return line
      return line.slice(width + 1)
    })
    .join('\n')
}
