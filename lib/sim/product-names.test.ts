import { describe, expect, it } from 'vitest'
import { resolveConfig } from './config'
import { NAMED_CATEGORIES, nameAt, nameSpace, productNamer } from './product-names'
import { PRODUCT_WORDS } from './product-words'
import { buildWorld } from './world'

const beverages = PRODUCT_WORDS.Beverages

describe('product names: the words', () => {
  it('reads the k-th combination as line, then brand, variant and size (worked by hand)', () => {
    // Beverages: 6 brands; line 0 is "{v} sparkling water" with 5 variants and 4 sizes (120 combinations).
    expect(nameAt(beverages, 0)).toEqual({ name: 'Blue Spring natural sparkling water, 500 ml', brand: 'Blue Spring' })
    expect(nameAt(beverages, 1)).toEqual({ name: 'Fizzco natural sparkling water, 500 ml', brand: 'Fizzco' })
    // 6 = brand 0 of variant 1; 6 * 5 = 30 = brand 0, variant 0 of size 1; 119 = last of the line.
    expect(nameAt(beverages, 6).name).toBe('Blue Spring lemon sparkling water, 500 ml')
    expect(nameAt(beverages, 30).name).toBe('Blue Spring natural sparkling water, 1.5 L')
    expect(nameAt(beverages, 119).name).toBe('Meadow Farm cucumber sparkling water, 12 x 330 ml')
    // 120 starts line 1, "cola", whose item has no {v}: the variant follows a comma.
    expect(nameAt(beverages, 120).name).toBe('Blue Spring cola, original, 330 ml can')
    expect(nameAt(beverages, 120 + 6 * 4 + 2).name).toBe('Sunpress cola, original, 1.5 L')
  })

  it('makes at least 1,000 distinct names in every category', () => {
    for (const c of NAMED_CATEGORIES) {
      const words = PRODUCT_WORDS[c]
      const n = nameSpace(words)
      expect(n, c).toBeGreaterThanOrEqual(1000)
      const names = new Set(Array.from({ length: n }, (_, k) => nameAt(words, k).name))
      expect(names.size, c).toBe(n)
    }
  })
})

describe('product names: the namer', () => {
  it('is deterministic from the seed and differs across seeds', () => {
    const list = (seed: number) => NAMED_CATEGORIES.flatMap((c) => Array.from({ length: 20 }, (_, i) => productNamer(seed)(c, i).name))
    expect(list(42)).toEqual(list(42))
    const other = list(43)
    const same = list(42).filter((n, i) => n === other[i]).length
    expect(same).toBeLessThan(10)
  })

  it('names the first nameSpace ordinals of a category all differently, then repeats', () => {
    const name = productNamer(7)
    for (const c of ['Toys', 'Electronics']) {
      const n = nameSpace(PRODUCT_WORDS[c])
      const names = Array.from({ length: n }, (_, i) => name(c, i).name)
      expect(new Set(names).size).toBe(n)
      expect(name(c, n)).toEqual(name(c, 0))
    }
  })

  it('refuses a category without words and a bad ordinal', () => {
    const name = productNamer(1)
    expect(() => name('Groceries', 0)).toThrow(/no product words/)
    expect(() => name('Toys', -1)).toThrow(RangeError)
    expect(() => name('Toys', 1.5)).toThrow(RangeError)
  })
})

describe('product names: the simulated catalogue', () => {
  const world = buildWorld(resolveConfig({ seed: 42 }))

  it('has words for every category template', () => {
    const twice = buildWorld(resolveConfig({ seed: 42, scale: { categories: 20, skus: 40 } }))
    const bases = twice.categories.map((c) => c.name.replace(/ \d+$/, ''))
    expect(new Set(bases)).toEqual(new Set(NAMED_CATEGORIES))
  })

  it('gives every product a plausible retail name from its category, its brand first', () => {
    for (const p of world.products) {
      const category = world.categories[p.category].name
      const words = PRODUCT_WORDS[category]
      expect(words.brands, p.name).toContain(p.brand)
      expect(p.name.startsWith(`${p.brand} `), p.name).toBe(true)
      expect(p.name, category).toMatch(/^[A-Z][^,]+(, [^,]+){1,2}$/)
      expect(p.name).not.toMatch(/\{v\}|undefined|\bitem \d|\s{2}/i)
      expect(p.name.length).toBeLessThanOrEqual(70)
    }
  })

  it('names the default catalogue all differently, and a 1,000-SKU category too', () => {
    expect(new Set(world.products.map((p) => p.name)).size).toBe(world.products.length)
    const big = buildWorld(resolveConfig({ seed: 3, scale: { skus: 3000, categories: 3, customers: 10 } }))
    expect(new Set(big.products.map((p) => p.name)).size / big.products.length).toBeGreaterThanOrEqual(0.95)
  })

  it('is the same catalogue for the same seed', () => {
    const again = buildWorld(resolveConfig({ seed: 42 }))
    expect(again.products.map((p) => [p.name, p.brand])).toEqual(world.products.map((p) => [p.name, p.brand]))
  })
})
