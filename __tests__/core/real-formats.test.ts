// The shapes real review tools write (issue 25): permalinks, files-tab links
// named by the hash of their path, Qodo's bracketed lines, Greptile's
// `Line: a:b` ranges, severity badges. Each read where it says, or not at all.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { resolveFilesTabLinks } from '../../src/core/reply/files-tab.ts'
import { findLocations } from '../../src/core/reply/locations.ts'
import { parseReply } from '../../src/core/reply/parse.ts'
import { toReview } from '../../src/core/reply/review.ts'

const path = 'src/auth/session.ts'
const hash = createHash('sha256').update(path).digest('hex')
const tab = (anchor: string): string => `https://github.com/o/r/pull/7/files#diff-${anchor}`
const review = (reply: string, paths: string[]) =>
  toReview(
    { reviewer: 'r', bundleId: 'b', outcome: 'answered', reply, latencyMs: 1, tokensIn: 1, tokensOut: 1, finishReason: 'stop' },
    { bytes: 0, paths },
  )
const at = (text: string) => findLocations(text).found.map((f) => f.where)

describe('files-tab links', () => {
  it.each([
    [`${hash}R12-R15`, `${path}:12-15`],
    [`${hash}R12`, `${path}:12`],
    [`${hash}R12-R12`, `${path}:12`],
    // L lines are the old file's: only the path is known.
    [`${hash}L12`, path],
    [`${hash}R12-L14`, path],
    [hash, path],
  ])('%s → %s', (anchor, want) => {
    expect(resolveFilesTabLinks(`see ${tab(anchor)} here`, [path, 'src/other.ts'])).toBe(`see ${want} here`)
  })

  it('leaves a hash no bundle path has: never a guess', () => {
    const other = createHash('sha256').update('src/elsewhere.ts').digest('hex')
    expect(resolveFilesTabLinks(tab(`${other}R3`), [path])).toBe(tab(`${other}R3`))
    const read = review(`- [BLOCK] [the check](${tab(`${other}R3`)}): token logged\n\nVERDICT: hold`, [path])
    expect(read.parsed.findings).toEqual([])
  })

  it('reads a finding at a files-tab link of the bundle', () => {
    const read = review(`- [BLOCK] [the check](${tab(`${hash}R40-R42`)}): token logged\n\nVERDICT: hold`, [path])
    expect(read.parsed.findings.map((f) => f.where)).toEqual([{ path, startLine: 40, endLine: 42 }])
  })
})

describe('permalinks and bracketed lines', () => {
  it('reads a bare permalink, its range kept', () => {
    expect(at(`https://github.com/o/r/blob/0123abc/${path}#L72-L74`)).toEqual([{ path, startLine: 72, endLine: 74 }])
    expect(at(`https://github.com/o/r/blob/0123abc/${path}#L9`)).toEqual([{ path, startLine: 9, endLine: 9 }])
  })

  it("reads Qodo's `path[13-18]` link, a slash before its anchor", () => {
    const link = `[${path}[13-18]](https://github.com/o/r/blob/0123abc/${path}/#L13-L18)`
    expect(at(link)).toEqual([
      { path, startLine: 13, endLine: 18 },
      { path, startLine: 13, endLine: 18 },
    ])
    expect(at(`${path}[R124-127]`)).toEqual([{ path, startLine: 124, endLine: 127 }])
  })

  it('takes no index in code for lines', () => {
    expect(at('items.list[2] and config.yaml[3]')).toEqual([])
  })
})

describe('keys and badges', () => {
  it("reads Greptile's `Line: 150:162` as a range, `Line: 42:7` as line 42", () => {
    const reply = (line: string) => `Severity: high\nPath: ${path}\nLine: ${line}\nWhat: token logged\n`
    expect(parseReply(reply('150:162')).findings[0]?.where).toEqual({ path, startLine: 150, endLine: 162 })
    expect(parseReply(reply('42:7')).findings[0]?.where).toEqual({ path, startLine: 42, endLine: 42 })
  })

  it.each([
    ['![critical](https://www.gstatic.com/codereviewagent/critical.svg)', 'BLOCK'],
    ['![medium](https://www.gstatic.com/codereviewagent/medium-priority.svg)', 'WARN'],
    ['<img src="x.svg" alt="Low">', 'INFO'],
    ['**High Severity**', 'BLOCK'],
  ])('reads the badge %s as %s', (badge, severity) => {
    const found = parseReply(`${badge}\n\nFile: ${path}\nLine: 3\n`).findings
    expect(found.map((f) => [f.severity, f.where?.startLine])).toEqual([[severity, 3]])
  })

  it('takes no badge that names no severity', () => {
    const read = parseReply(`![Action required](x.svg)\n\nFile: ${path}\nLine: 3\n`)
    expect(read.findings).toEqual([])
  })

  it('ends a severity heading with its <details>: the list after it is no finding', () => {
    const reply = `<details>\n\n#### WARNING\n| File | Line | Issue |\n|---|---|---|\n| \`${path}\` | 7 | leak |\n\n</details>\n\n- \`src/a.ts\` - 0 issues\n`
    expect(parseReply(reply).findings.map((f) => [f.severity, f.where?.path])).toEqual([['WARN', path]])
  })
})
