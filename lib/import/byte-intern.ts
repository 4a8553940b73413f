/**
 * Interning for the byte path (scan.ts): master-data references (sku, location, supplier values)
 * turned into small integers straight from the file's bytes, without a string per row, and counted
 * per chunk with the line of their first row (the bookkeeping's unknown-reference check).
 */

/** Interns byte strings (sku, location values) without making a string per row. */
export class ByteInterner {
  /** Open addressing: slot -> entry + 1 (0: empty). */
  private slots = new Int32Array(1024)
  private hashes: number[] = []
  private starts: number[] = []
  private lengths: number[] = []
  private arena = Buffer.allocUnsafe(64 * 1024)
  private used = 0
  readonly strings: string[] = []

  get size(): number {
    return this.strings.length
  }

  /** The entry of buf[a, b), hashed as `h` (fnv1a of the bytes, see `RowChecker`). */
  intern(buf: Uint8Array, a: number, b: number, h: number): number {
    const mask = this.slots.length - 1
    const len = b - a
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1
      if (e < 0) return this.add(s, buf, a, b, h)
      if (this.hashes[e] !== h || this.lengths[e] !== len) continue
      const st = this.starts[e]
      const arena = this.arena
      let i = 0
      while (i < len && arena[st + i] === buf[a + i]) i++
      if (i === len) return e
    }
  }

  private add(slot: number, buf: Uint8Array, a: number, b: number, h: number): number {
    const len = b - a
    if (this.used + len > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + len))
      this.arena.copy(grown, 0, 0, this.used)
      this.arena = grown
    }
    this.arena.set(buf.subarray(a, b), this.used)
    const e = this.strings.length
    this.hashes.push(h)
    this.starts.push(this.used)
    this.lengths.push(len)
    this.strings.push(this.arena.toString('latin1', this.used, this.used + len))
    this.used += len
    this.slots[slot] = e + 1
    if (this.strings.length * 2 > this.slots.length) this.rehash()
    return e
  }

  private rehash() {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let e = 0; e < this.hashes.length; e++) {
      let s = this.hashes[e] & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = e + 1
    }
    this.slots = slots
  }
}

/** Per chunk: how often each interned value was referenced, and the line of its first row. */
export class RefCounts {
  count = new Int32Array(256)
  firstLine = new Uint32Array(256)
  readonly seen: number[] = []

  add(e: number, line: number) {
    if (e >= this.count.length) {
      const n = Math.max(this.count.length * 2, e + 1)
      const c = new Int32Array(n)
      c.set(this.count)
      const f = new Uint32Array(n)
      f.set(this.firstLine)
      this.count = c
      this.firstLine = f
    }
    if (this.count[e]++ === 0) {
      this.firstLine[e] = line
      this.seen.push(e)
    }
  }

  reset() {
    for (const e of this.seen) this.count[e] = 0
    this.seen.length = 0
  }
}
