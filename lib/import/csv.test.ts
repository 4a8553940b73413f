import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { CsvReader, csvField } from './csv'

interface Out {
  records: { line: number; fields: string[]; raw: string }[]
  malformed: { line: number; reason: string; raw: string }[]
}

/** Read `text`, pushed in pieces cut at `cuts` (positions), like a stream would. */
function read(text: string, cuts: number[] = []): Out {
  const out: Out = { records: [], malformed: [] }
  const r = new CsvReader(
    (rec) => out.records.push({ line: rec.line, fields: [...rec.fields], raw: rec.raw() }),
    (line, reason, raw) => out.malformed.push({ line, reason, raw }),
  )
  let at = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.push(text.slice(at, c))
    at = c
  }
  r.push(text.slice(at))
  r.end()
  return out
}

/** A cell that csv-parse and a spreadsheet would write: quoted when it needs to be. */
const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nin', ' pad ', '"', '""', 'é€😀'),
)

describe('CsvReader', () => {
  it('reads plain rows, skips empty lines and a BOM, and counts lines', () => {
    const out = read('\uFEFFa,b,c\n1,2,3\n\n4,,6\r\n7,8,9')
    expect(out.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', '2', '3']],
      [4, ['4', '', '6']],
      [5, ['7', '8', '9']],
    ])
    expect(out.records[2].raw).toBe('4,,6')
  })

  it('reads quoted fields with commas, quotes and line breaks, and keeps line numbers right after them', () => {
    const out = read('h1,h2\n"a,b","say ""hi"""\n"two\nlines",x\nlast,"y"\n')
    expect(out.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a,b', 'say "hi"']],
      [3, ['two\nlines', 'x']],
      [5, ['last', 'y']],
    ])
    expect(out.records[2].raw).toBe('"two\nlines",x')
  })

  it('keeps a quote inside an unquoted field as data', () => {
    expect(read('a,b"c,d\n').records[0].fields).toEqual(['a', 'b"c', 'd'])
  })

  it('reports malformed rows with their line and goes on', () => {
    const out = read('h\n"ab"c,d\nok\n"never closed\nmore')
    expect(out.records.map((r) => r.fields)).toEqual([['h'], ['ok']])
    expect(out.malformed.map((m) => [m.line, m.reason])).toEqual([
      [2, 'unexpected text after a closing quote'],
      [4, 'a quoted field is not closed before the end of the file'],
    ])
    expect(out.malformed[0].raw).toBe('"ab"c,d')
  })

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'id,name,note\r\n1,"a ""b""",x\r\n2,"multi\nline","q,r"\n\n3,plain,"end"'
    const whole = read(text)
    for (let i = 0; i <= text.length; i++) {
      expect(read(text, [i])).toEqual(whole)
      expect(read(text, [i, Math.min(text.length, i + 3)])).toEqual(whole)
    }
  })

  it('agrees with csv-parse on generated files, cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 })),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (rows, crlf, cutSeeds) => {
          // csv-parse skips empty lines only when they are truly empty: avoid a lone empty field.
          const lines = rows.map((r) => r.map((v) => (v === '' && r.length === 1 ? '""' : csvField(v))).join(','))
          const text = lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n')
          const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]
          const out = read(text, cutSeeds.map((s) => s % (text.length + 1)))
          expect(out.malformed).toEqual([])
          expect(out.records.map((r) => r.fields)).toEqual(expected)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('csvField', () => {
  it('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "x"')).toBe('"say ""x"""')
    expect(csvField('l1\nl2')).toBe('"l1\nl2"')
    expect(csvField(' lead')).toBe('" lead"')
  })
})
