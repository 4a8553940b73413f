// Renders app/icon.svg to app/favicon.ico (16, 32 and 48 px PNG entries) with Debian's Chromium: node scripts/render-favicon.mjs
import { chromium } from 'playwright'
import { readFileSync, writeFileSync } from 'node:fs'
const svg = readFileSync(new URL('../app/icon.svg', import.meta.url), 'utf8')
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
const pngs = []
for (const size of [16, 32, 48]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="32" height="32"', `width="${size}" height="${size}"`)}</body></html>`)
  pngs.push([size, await page.screenshot({ omitBackground: true })])
  await page.close()
}
await browser.close()
// ICO: header, one directory entry per image, then the PNGs as they are (Vista+ reads PNG entries).
const header = Buffer.alloc(6); header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(pngs.length, 4)
let offset = 6 + 16 * pngs.length
const dir = pngs.map(([size, png]) => {
  const e = Buffer.alloc(16)
  e.writeUInt8(size % 256, 0); e.writeUInt8(size % 256, 1); e.writeUInt8(0, 2); e.writeUInt8(0, 3)
  e.writeUInt16LE(1, 4); e.writeUInt16LE(32, 6); e.writeUInt32LE(png.length, 8); e.writeUInt32LE(offset, 12)
  offset += png.length
  return e
})
writeFileSync(new URL('../app/favicon.ico', import.meta.url), Buffer.concat([header, ...dir, ...pngs.map(([, p]) => p)]))
