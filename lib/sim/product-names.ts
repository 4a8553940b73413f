/**
 * Product names for the simulator's catalogue: brand + line + variant + size from the category's
 * word lists (product-words.ts), e.g. "CleanPro AA alkaline batteries, 8-pack" or
 * "Northline men's merino crew jumper, navy, M". Deterministic from the seed, the category and the
 * product's ordinal within the category; distinct for the first nameSpace(...) ordinals of a category
 * (over 1,000 for each: a catalogue of up to 1,000 SKUs per category names each SKU differently).
 */
import { Rng, hash, hashString } from './random'
import { PRODUCT_WORDS, type CategoryWords } from './product-words'

export interface ProductLabel {
  name: string
  brand: string
}

const SALT_NAMES = 0x6e4d3

/** How many distinct names a category's words make: brands x (variants x sizes, summed over lines). */
export function nameSpace(words: CategoryWords): number {
  return words.brands.length * words.lines.reduce((s, l) => s + l.variants.length * l.sizes.length, 0)
}

/** The categories that have word lists (the names of world.ts's category templates). */
export const NAMED_CATEGORIES: readonly string[] = Object.keys(PRODUCT_WORDS)

/** Names the products of one seed's catalogue: `(category, ordinal) => { name, brand }`. */
export type ProductNamer = (category: string, ordinal: number) => ProductLabel

/**
 * The namer of a seed's catalogue. The `ordinal`-th product (0, 1, ...) of a category gets the
 * combination at that place of a seeded shuffle of all the category's combinations: the first n
 * ordinals get n different names (n = nameSpace), neighbours as unrelated as any two. Past n the
 * names repeat. Each category's shuffle is made once, on first use.
 */
export function productNamer(seed: number): ProductNamer {
  const shuffles = new Map<string, Uint32Array>()
  const rng = new Rng()
  return (category, ordinal) => {
    const words = PRODUCT_WORDS[category]
    if (!words) throw new RangeError(`no product words for category ${category}`)
    if (!Number.isInteger(ordinal) || ordinal < 0) throw new RangeError(`ordinal must be a non-negative integer, got ${ordinal}`)
    let order = shuffles.get(category)
    if (!order) {
      order = Uint32Array.from({ length: nameSpace(words) }, (_, i) => i)
      rng.seed(hash(seed, SALT_NAMES, hashString(category)))
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      shuffles.set(category, order)
    }
    return nameAt(words, order[ordinal % order.length])
  }
}

/** The k-th combination of a category's words: lines in order, then brand, variant and size within a line. */
export function nameAt(words: CategoryWords, k: number): ProductLabel {
  const brands = words.brands.length
  let li = 0
  for (; li < words.lines.length - 1; li++) {
    const size = brands * words.lines[li].variants.length * words.lines[li].sizes.length
    if (k < size) break
    k -= size
  }
  const line = words.lines[li]
  const brand = words.brands[k % brands]
  k = Math.floor(k / brands)
  const variant = line.variants[k % line.variants.length]
  const size = line.sizes[Math.floor(k / line.variants.length)]
  const item = line.item.includes('{v}') ? `${line.item.replace('{v}', variant)}, ${size}` : `${line.item}, ${variant}, ${size}`
  return { name: `${brand} ${item}`, brand }
}
