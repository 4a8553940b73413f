/**
 * Word lists the simulator names its products from (product-names.ts), one per category template
 * of world.ts, keyed by the template's name. A name is brand + line + variant + size:
 *
 *   "Blue Spring lime sparkling water, 6 x 500 ml"      item with {v}: the variant goes in the item
 *   "Northline men's parka, navy, M"                   item without {v}: the variant follows a comma
 *
 * Each category's brands x lines x variants x sizes gives over 1,000 distinct names (a test checks),
 * so a catalogue up to 1,000 SKUs per category template names every SKU differently.
 */

export interface ProductLine {
  /** The product, lower case after the brand; `{v}` marks where the variant goes, else it follows a comma. */
  item: string
  variants: readonly string[]
  sizes: readonly string[]
}

export interface CategoryWords {
  brands: readonly string[]
  lines: readonly ProductLine[]
}

const line = (item: string, variants: readonly string[], sizes: readonly string[]): ProductLine => ({ item, variants, sizes })

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL']
const SHOE_SIZES = ['UK 6', 'UK 7', 'UK 8', 'UK 9', 'UK 10']

export const PRODUCT_WORDS: Readonly<Record<string, CategoryWords>> = {
  Beverages: {
    brands: ['Blue Spring', 'Fizzco', 'Sunpress', 'Peakwell', 'Riverbend', 'Meadow Farm'],
    lines: [
      line('{v} sparkling water', ['natural', 'lemon', 'lime', 'raspberry', 'cucumber'], ['500 ml', '1.5 L', '6 x 500 ml', '12 x 330 ml']),
      line('cola', ['original', 'zero sugar', 'cherry', 'vanilla'], ['330 ml can', '1.5 L', '6 x 330 ml', '24 x 330 ml']),
      line('{v} juice', ['orange', 'apple', 'pineapple', 'cloudy apple', 'pink grapefruit'], ['250 ml', '1 L', '1.75 L', '4 x 200 ml']),
      line('{v} iced tea', ['peach', 'lemon', 'green tea and mint', 'raspberry'], ['500 ml', '1.5 L', '6 x 330 ml']),
      line('cold brew coffee', ['black', 'oat latte', 'vanilla', 'caramel'], ['250 ml', '1 L', '4 x 250 ml']),
      line('{v} kombucha', ['ginger', 'original', 'wild berry', 'passion fruit'], ['330 ml', '750 ml', '4 x 330 ml']),
      line('energy drink', ['original', 'sugar free', 'tropical', 'berry'], ['250 ml', '500 ml', '4 x 250 ml', '12 x 250 ml']),
      line('{v} lemonade', ['cloudy', 'pink', 'elderflower', 'Sicilian'], ['330 ml', '750 ml', '1.5 L']),
      line('{v} milk', ['organic whole', 'whole', 'semi-skimmed', 'lactose-free'], ['500 ml', '1 L', '2 L']),
      line('{v} oat drink', ['original', 'barista', 'unsweetened', 'chocolate'], ['1 L', '6 x 1 L']),
      line('{v} sports drink', ['citrus', 'blue raspberry', 'orange', 'tropical'], ['500 ml', '750 ml', '6 x 500 ml']),
      line('{v} water', ['still spring', 'mineral', 'alkaline'], ['500 ml', '1.5 L', '5 L', '24 x 500 ml']),
      line('{v} tonic water', ['Indian', 'light', 'elderflower', 'Mediterranean'], ['200 ml', '500 ml', '4 x 150 ml']),
    ],
  },
  Snacks: {
    brands: ['Crunchy Fox', 'Golden Bite', 'Nibbles', 'Harvest Lane', 'Oakfield', 'Little Orchard', 'Brambly', 'Saltcote'],
    lines: [
      line('{v} potato crisps', ['sea salt', 'salt and vinegar', 'cheese and onion', 'sour cream and chive', 'smoked paprika'], ['40 g', '150 g', '6 x 25 g']),
      line('{v} pretzels', ['salted', 'sourdough', 'honey mustard'], ['175 g', '300 g', '6 x 30 g']),
      line('{v} trail mix', ['classic', 'tropical', 'dark chocolate', 'berry and nut'], ['200 g', '400 g', '5 x 40 g']),
      line('{v} chocolate bar', ['milk', 'dark 70%', 'hazelnut', 'salted caramel', 'orange'], ['45 g', '100 g', '4 x 45 g']),
      line('{v} popcorn', ['sweet and salty', 'sea salt', 'toffee', 'butter'], ['30 g', '100 g', '6 x 20 g']),
      line('{v} granola bars', ['oat and honey', 'peanut butter', 'cranberry', 'chocolate chip'], ['5 x 35 g', '10 x 35 g']),
      line('{v} crackers', ['sea salt', 'rosemary', 'multigrain', 'black pepper'], ['150 g', '300 g']),
      line('{v} gummies', ['fruit', 'sour', 'vegan', 'cola bottle'], ['150 g', '400 g', '6 x 30 g']),
      line('{v} tortilla chips', ['lightly salted', 'chilli', 'lime', 'cool original'], ['150 g', '300 g']),
      line('{v} rice cakes', ['lightly salted', 'dark chocolate', 'yoghurt', 'sesame'], ['100 g', '200 g']),
      line('{v}', ['salted peanuts', 'roasted cashews', 'honey roast peanuts', 'mixed nuts'], ['50 g', '200 g', '400 g']),
      line('{v} biscuits', ['chocolate digestive', 'oat', 'ginger nut', 'shortbread'], ['200 g', '300 g', '2 x 300 g']),
    ],
  },
  Household: {
    brands: ['Homely', 'CleanPro', 'Brightway', 'Everyday', 'Tidyhouse', 'Purewash', 'Sparkwell', 'Fernhill'],
    lines: [
      line('{v} washing-up liquid', ['original', 'lemon', 'sensitive', 'apple'], ['450 ml', '900 ml', '2 x 900 ml']),
      line('kitchen roll', ['white', 'quilted', 'recycled'], ['2 rolls', '4 rolls', '8 rolls']),
      line('{v} laundry pods', ['bio', 'non-bio', 'colour', 'fresh linen'], ['15 washes', '30 washes', '60 washes']),
      line('{v} sponges', ['scrub', 'non-scratch', 'compostable'], ['3-pack', '6-pack', '10-pack']),
      line('{v} bin bags', ['pedal bin', 'kitchen', 'heavy-duty', 'compostable'], ['20-pack', '40-pack', '60-pack']),
      line('{v} glass cleaner', ['streak-free', 'vinegar', 'unscented'], ['500 ml', '750 ml', '2 x 750 ml']),
      line('LED light bulbs', ['warm white E27', 'cool white E27', 'warm white B22', 'warm white GU10', 'candle E14'], ['single', '2-pack', '4-pack']),
      line('{v} alkaline batteries', ['AA', 'AAA', 'C', 'D', '9V'], ['4-pack', '8-pack', '12-pack', '24-pack']),
      line('{v} toilet tissue', ['3-ply', '2-ply', 'recycled', 'extra soft'], ['4 rolls', '9 rolls', '18 rolls']),
      line('{v} surface spray', ['antibacterial', 'lemon', 'eucalyptus', 'fragrance-free'], ['500 ml', '750 ml', '2 x 750 ml']),
      line('{v} fabric conditioner', ['spring fresh', 'lavender', 'sensitive', 'cotton'], ['1 L', '2 L']),
    ],
  },
  'Personal Care': {
    brands: ['Purelle', 'Dermaco', 'Fresh Day', 'Velvet', 'Greenleaf', 'Clearwell', 'Aquanova', 'Softleaf'],
    lines: [
      line('{v} shampoo', ['moisturising', 'anti-dandruff', 'volume', 'colour care', 'clarifying'], ['250 ml', '400 ml', '750 ml']),
      line('{v} toothpaste', ['whitening', 'sensitive', 'fresh mint', 'herbal', 'kids'], ['75 ml', '100 ml', '2 x 75 ml']),
      line('sunscreen SPF {v}', ['15', '30', '50', '50+ kids'], ['50 ml', '200 ml', '400 ml']),
      line('{v} body lotion', ['shea butter', 'aloe vera', 'cocoa butter', 'fragrance-free'], ['200 ml', '400 ml']),
      line('{v} deodorant', ['roll-on', 'spray', 'stick', 'sensitive roll-on'], ['50 ml', '150 ml', '250 ml']),
      line("{v} razor", ["men's 3-blade", "men's 5-blade", "women's 3-blade", 'disposable'], ['single', '4-pack', '10-pack']),
      line('{v} face wash', ['gentle foaming', 'oil control', 'exfoliating', 'hydrating'], ['150 ml', '250 ml']),
      line('{v} lip balm', ['original', 'cherry', 'SPF 15', 'vanilla'], ['single', '2-pack']),
      line('{v} shower gel', ['citrus', 'sensitive', 'sport', 'coconut', 'lavender'], ['250 ml', '500 ml', '3 x 250 ml']),
      line('{v} hand wash', ['aloe', 'antibacterial', 'rose', 'unscented'], ['250 ml', '500 ml refill']),
      line('{v} conditioner', ['moisturising', 'volume', 'colour care', 'smoothing'], ['250 ml', '400 ml']),
      line('{v} mouthwash', ['fresh mint', 'alcohol-free', 'whitening'], ['250 ml', '500 ml']),
    ],
  },
  Outerwear: {
    brands: ['Northline', 'Alpenrose', 'Urban Fjord', 'Stormkit', 'Highmoor', 'Ridgeback', 'Fellwalker', 'Corrie'],
    lines: [
      line("men's parka", ['black', 'navy', 'olive'], APPAREL_SIZES),
      line("women's padded puffer jacket", ['black', 'camel', 'sage', 'burgundy'], APPAREL_SIZES),
      line("men's wool overcoat", ['charcoal', 'navy', 'camel'], APPAREL_SIZES),
      line("women's waterproof rain shell", ['black', 'teal', 'mustard'], APPAREL_SIZES),
      line("men's merino crew jumper", ['navy', 'grey marl', 'forest green', 'oatmeal'], APPAREL_SIZES),
      line('unisex half-zip fleece', ['black', 'navy', 'stone', 'rust'], APPAREL_SIZES),
      line('touchscreen gloves', ['black', 'grey', 'navy'], ['S/M', 'L/XL']),
      line('ribbed beanie', ['black', 'charcoal', 'cream', 'red', 'mustard'], ['one size']),
      line('wool-blend scarf', ['grey check', 'navy stripe', 'camel', 'red tartan'], ['one size']),
      line("kids' waterproof jacket", ['navy', 'red', 'yellow'], ['3-4 yrs', '5-6 yrs', '7-8 yrs', '9-10 yrs']),
    ],
  },
  'Summer Apparel': {
    brands: ['Coastline', 'Solstice', 'Breeze & Co', 'Palma', 'Saltmarsh', 'Seaglass', 'Driftwood', 'Marisol'],
    lines: [
      line("men's organic cotton T-shirt", ['white', 'black', 'navy', 'sage'], APPAREL_SIZES),
      line("women's linen shorts", ['white', 'sand', 'olive', 'navy'], ['6', '8', '10', '12', '14', '16']),
      line("women's midi sundress", ['floral', 'yellow', 'blue stripe', 'terracotta'], ['6', '8', '10', '12', '14']),
      line("men's swim shorts", ['navy', 'palm print', 'coral'], APPAREL_SIZES),
      line('leather sandals', ['tan', 'black', 'white'], SHOE_SIZES),
      line("men's linen shirt", ['white', 'sky blue', 'sand'], APPAREL_SIZES),
      line('straw sun hat', ['natural', 'black band'], ['S/M', 'L/XL']),
      line("women's ribbed tank top", ['white', 'black', 'pink', 'khaki'], APPAREL_SIZES),
      line("kids' UV swimsuit", ['blue', 'pink', 'shark print'], ['3-4 yrs', '5-6 yrs', '7-8 yrs']),
    ],
  },
  Electronics: {
    brands: ['Voltix', 'Sonora', 'Kinetic', 'Pixelon', 'Brightcell', 'Lumatek', 'Ampere', 'Nordtek'],
    lines: [
      line('wireless earbuds', ['black', 'white', 'blue'], ['standard', 'noise cancelling', 'sport fit']),
      line('USB-C phone charger', ['20 W', '30 W', '65 W'], ['single port', 'dual port']),
      line('Bluetooth speaker', ['black', 'blue', 'sand', 'red'], ['mini', '10 W', '20 W', '40 W']),
      line('smartwatch', ['black', 'silver', 'rose gold'], ['40 mm', '44 mm']),
      line('{v} cable', ['USB-C to USB-C', 'USB-A to USB-C', 'USB-C to Lightning', 'HDMI'], ['1 m', '2 m', '3 m']),
      line('power bank', ['black', 'white'], ['5000 mAh', '10000 mAh', '20000 mAh']),
      line('over-ear headphones', ['black', 'silver', 'navy'], ['wired', 'wireless', 'noise cancelling']),
      line('tablet case', ['black', 'blue', 'grey'], ['10.2 inch', '10.9 inch', '11 inch', '12.9 inch']),
      line('microSD card', ['class 10', 'A2 high speed'], ['32 GB', '64 GB', '128 GB', '256 GB']),
      line('smart plug', ['white', 'black'], ['single', '2-pack', '4-pack']),
      line('wireless mouse', ['black', 'grey', 'white'], ['compact', 'ergonomic', 'silent']),
      line('{v} flash drive', ['USB-A', 'USB-C'], ['32 GB', '64 GB', '128 GB', '256 GB']),
      line('wireless keyboard', ['black', 'white', 'grey'], ['compact', 'full size']),
      line('{v} phone case', ['clear', 'black', 'blue', 'pink'], ['6.1 inch', '6.7 inch']),
      line('{v} tempered glass screen protector', ['clear', 'privacy'], ['6.1 inch', '6.7 inch']),
    ],
  },
  Toys: {
    brands: ['Playmakers', 'Tiny Town', 'Brickle', 'Wonderbox', 'Hoppity', 'Puddle & Pip', 'Gigglebox', 'Starbright'],
    lines: [
      line('{v} building set', ['fire station', 'space shuttle', 'pirate ship', 'farm', 'castle', 'city bus'], ['150 pieces', '350 pieces', '800 pieces']),
      line('{v} board game', ['family quiz', 'strategy', 'word', 'cooperative'], ['ages 6+', 'ages 8+', 'ages 12+']),
      line('plush {v}', ['teddy bear', 'bunny', 'unicorn', 'dinosaur', 'penguin'], ['20 cm', '30 cm', '45 cm']),
      line('jigsaw puzzle', ['world map', 'mountain lake', 'city at night', 'animals'], ['100 pieces', '500 pieces', '1000 pieces']),
      line('die-cast {v}', ['racing car', 'fire engine', 'tractor', 'police car'], ['single', '3-pack', '5-pack']),
      line('wooden doll house', ['classic', 'modern', 'cottage'], ['with furniture', 'with 4 figures']),
      line('{v} art kit', ['watercolour', 'sketching', 'clay modelling', 'bead craft'], ['starter', 'deluxe']),
      line('{v} card game', ['snap', 'animal memory', 'party', 'trading'], ['single deck', 'travel size']),
      line('remote-control {v}', ['stunt car', 'monster truck', 'mini drone'], ['ages 6+', 'ages 8+', 'ages 14+']),
      line('marble run', ['starter', 'glow-in-the-dark', 'mega'], ['60 pieces', '120 pieces']),
      line('play {v}', ['kitchen', 'tool bench', 'doctor kit'], ['ages 3+', 'ages 5+']),
      line('{v} kite', ['diamond', 'delta', 'stunt'], ['small', 'large']),
      line('{v} modelling dough', ['4-colour', '8-colour', 'glitter'], ['starter set', 'bumper set']),
      line('bubble {v}', ['wand', 'machine', 'refill'], ['single', '2-pack']),
    ],
  },
  Garden: {
    brands: ['Greenthumb', 'Bloomfield', 'Terra', 'Yardly', 'Rootwell', 'Hedgerow', 'Potting Shed', 'Wildacre'],
    lines: [
      line('{v} compost', ['multi-purpose peat-free', 'ericaceous', 'seed and cutting', 'John Innes No. 2'], ['10 L', '40 L', '60 L']),
      line('{v} garden hose', ['anti-kink', 'expanding', 'reinforced'], ['15 m', '25 m', '30 m']),
      line('{v} seeds', ['cherry tomato', 'sunflower', 'sweet pea', 'basil', 'wildflower mix', 'runner bean'], ['1 packet', '3 packets']),
      line('{v} secateurs', ['bypass', 'anvil', 'ratchet'], ['small', 'standard']),
      line('{v} planter', ['terracotta', 'self-watering', 'fibreclay', 'rattan-effect'], ['20 cm', '30 cm', '40 cm']),
      line('lawn {v}', ['feed and weed', 'autumn feed', 'spring feed', 'moss killer'], ['100 m²', '250 m²', '400 m²']),
      line('solar {v} lights', ['stake', 'string', 'fence'], ['single', '4-pack', '10-pack']),
      line('watering can', ['green', 'grey', 'galvanised'], ['5 L', '10 L']),
      line('{v} gardening gloves', ['thorn-proof', 'nitrile', 'leather'], ['S', 'M', 'L']),
      line('{v} bird food', ['sunflower hearts', 'suet balls', 'niger seed', 'mixed seed'], ['1 kg', '2.5 kg', '5 kg']),
      line('{v} bulbs', ['tulip', 'daffodil', 'allium', 'crocus'], ['10-pack', '25-pack', '50-pack']),
      line('{v} plant food', ['tomato', 'rose', 'all-purpose', 'orchid'], ['1 L', '2.5 L']),
      line('{v} bark chippings', ['decorative', 'play area'], ['50 L', '100 L']),
      line('hand {v}', ['trowel', 'fork', 'cultivator'], ['stainless steel', 'carbon steel']),
    ],
  },
  Sports: {
    brands: ['Stride', 'Apex', 'Fieldhouse', 'Trailforge', 'Pulse Athletic', 'Summit Sport', 'Velo', 'Crossbar'],
    lines: [
      line('yoga mat', ['purple', 'black', 'teal', 'grey'], ['4 mm', '6 mm', '8 mm']),
      line('insulated water bottle', ['black', 'white', 'sage', 'blue'], ['500 ml', '750 ml', '1 L']),
      line('cushioned running socks', ['white', 'black', 'grey'], ['UK 3-6', 'UK 7-11', '3-pack UK 7-11']),
      line('{v} dumbbell', ['neoprene', 'hex rubber', 'adjustable'], ['2 kg', '5 kg', '10 kg', '20 kg']),
      line('{v} tennis balls', ['championship', 'practice', 'all-court'], ['3-pack', '4-pack', '12-pack']),
      line('{v} bike light set', ['USB rechargeable', 'battery', 'high-visibility'], ['200 lumen', '400 lumen', '800 lumen']),
      line('{v} skipping rope', ['speed', 'weighted', 'beaded'], ['2.7 m', '3 m']),
      line('gym holdall', ['black', 'navy', 'grey'], ['25 L', '40 L', '60 L']),
      line('{v} resistance bands', ['light', 'medium', 'heavy', 'mixed'], ['single', '3-pack', '5-pack']),
      line('{v} football', ['training', 'match', 'indoor'], ['size 3', 'size 4', 'size 5']),
      line('foam roller', ['black', 'blue', 'orange'], ['30 cm', '45 cm', '90 cm']),
      line('{v} shin pads', ['junior', 'adult'], ['S', 'M', 'L']),
      line('cycling gloves', ['black', 'hi-vis yellow'], ['S', 'M', 'L', 'XL']),
      line('{v} swim goggles', ['anti-fog', 'mirrored', 'junior'], ['clear lens', 'smoke lens']),
    ],
  },
}
