/**
 * A product's name and category under its SKU code, on one line cut to the width its container
 * allows (`className` sets a max width): the whole text stays in the title (hover) and in the page
 * for screen readers. Nothing at all for a sku without a product row: the code alone names it.
 */
export function ProductName({ name, category, className = '' }: { name: string | null; category: string | null; className?: string }) {
  const text = [name, category].filter(Boolean).join(' · ')
  if (!text) return null
  return (
    <span className={`block truncate text-xs text-slate-600 dark:text-slate-400 ${className}`} title={text} data-testid="product-name">
      {text}
    </span>
  )
}
