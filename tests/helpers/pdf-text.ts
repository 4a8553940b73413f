/**
 * The text a PDF shows, read without a PDF library: every content stream (inflated when
 * FlateDecode), and in it the strings of the text operators (pdfkit writes them hex-encoded,
 * WinAnsi, split by kerning inside TJ arrays). Enough to check what a generated PDF says.
 */
import { inflateSync } from 'node:zlib'

function streams(pdf: Buffer): string[] {
  const out: string[] = []
  const s = pdf.toString('latin1')
  const re = /<<([^]*?)>>\s*stream\r?\n/g
  let m: RegExpExecArray | null
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length
    const end = s.indexOf('endstream', start)
    const raw = pdf.subarray(start, end)
    try {
      out.push((/FlateDecode/.test(m[1]) ? inflateSync(raw) : raw).toString('latin1'))
    } catch {
      // not a stream of ours (a font, an image): skip
    }
    re.lastIndex = end
  }
  return out
}

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex').toString('latin1')
const literal = (l: string) => l.replace(/\\([()\\])/g, '$1')

/** The text of each page's content, one line per text operator (pages in the order their streams come). */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = []
  for (const st of streams(pdf)) {
    for (const m of st.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      if (m[1] !== undefined) lines.push([...m[1].matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g)].map((p) => (p[1] !== undefined ? hex(p[1]) : literal(p[2]))).join(''))
      else if (m[2] !== undefined) lines.push(hex(m[2]))
      else lines.push(literal(m[3]))
    }
  }
  return lines.join('\n')
}
