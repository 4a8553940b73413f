/**
 * Cells of CSV files a person opens in a spreadsheet (rejected-row files, exports), safe from
 * formula injection (CSV injection, OWASP): a cell a spreadsheet would run as a formula is
 * written with a leading `'`, which spreadsheets take as "this is text" and do not show.
 *
 * Which cells: those starting with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list).
 * A cell that is a plain number (`-3`, `+1.5`, `-2e3`) is left as it is: a spreadsheet reads it
 * as that same number and runs nothing, and a `'` would turn a negative quantity into text. Any
 * other cell starting with `-` or `+` (`-2+3`, `+cmd|...`) is neutralised.
 *
 * Not for files a program reads back (the import files the data-set loaders write): there the
 * cell must stay byte for byte what it was. Use `csvField` (lib/import/csv.ts) for those.
 */
import { csvField } from './import/csv'

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** `v` with a leading `'` when a spreadsheet would take it as a formula. */
export function neutraliseFormula(v: string): string {
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v
}

/** One cell for a CSV file a person opens: neutralised, then quoted when it needs to be. */
export function spreadsheetCell(v: string | number): string {
  return csvField(neutraliseFormula(String(v)))
}

/** One line (with its line break) of such a file. */
export function spreadsheetRow(cells: (string | number)[]): string {
  return cells.map(spreadsheetCell).join(',') + '\n'
}
