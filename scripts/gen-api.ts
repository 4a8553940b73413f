/** npm run gen:api: write the API's TypeScript types (lib/api/openapi-types.d.ts) from the OpenAPI document. */
import { writeFileSync } from 'node:fs'
import { TYPES_FILE, generateApiTypes } from '@/lib/api/generate-types'

generateApiTypes().then(
  (types) => {
    writeFileSync(TYPES_FILE, types)
    console.log(`wrote ${TYPES_FILE} (${types.split('\n').length} lines)`)
  },
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
