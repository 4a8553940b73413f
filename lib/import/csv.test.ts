import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { CsvReader, RecordTooLong, csvField } from './csv'

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

describe('record length limit', () => {
  const reader = (max: number, seen: number[]) => new CsvReader((rec) => void seen.push(rec.line), () => undefined, max)

  it('refuses a record over the limit as soon as that much of it is buffered, naming its line', () => {
    const seen: number[] = []
    const r = reader(1024, seen)
    r.push('a,b\n1,2\n\n')
    let pushed = 0
    const chunk = 'x'.repeat(300)
    const t = () => {
      for (;;) {
        r.push(chunk)
        pushed += chunk.length
        if (pushed > 1e6) throw new Error('read a megabyte without refusing')
      }
    }
    expect(t).toThrow(RecordTooLong)
    expect(t).toThrow(/line 4 is longer than 1024 bytes/)
    expect(pushed).toBeLessThanOrEqual(1024 + 300 * 2)
    expect(seen).toEqual([1, 2])
  })

  it('counts UTF-8 bytes, not characters, and takes a record of exactly the limit', () => {
    expect(() => read2(12, 'h\n' + 'é'.repeat(6) + '\n')).not.toThrow()
    expect(() => read2(12, 'h\n' + 'é'.repeat(7) + '\n')).toThrow(/line 2/)
    expect(() => read2(12, 'h\n' + 'x'.repeat(12) + '\r\n')).not.toThrow()
    expect(() => read2(12, 'h\n' + 'x'.repeat(13))).toThrow(/line 2/)
  })

  it('measures a quoted record over several lines as a whole', () => {
    expect(() => read2(20, 'h\n"ab\ncd\nef",1\n"' + 'x\n'.repeat(10) + '"\n')).toThrow(/line 5 is longer/)
    expect(() => read2(20, 'h\n"ab\ncd\nef",1\n')).not.toThrow()
  })

  function read2(max: number, text: string) {
    const r = new CsvReader(() => undefined, () => undefined, max)
    for (let i = 0; i < text.length; i += 5) r.push(text.slice(i, i + 5))
    r.end()
  }
})
