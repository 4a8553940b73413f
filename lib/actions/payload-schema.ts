/**
 * The zod schema of an ActionPayload (ids follow the events' rule: printable ASCII without spaces) (lib/actions/types.ts), for every boundary that receives one:
 * the simulated retailer's receiver (`POST /api/v1/sim/erp`) and anything else that reads a
 * delivered action back. Bounds are generous for a real retailer and refuse what cannot be one
 * (negative or non-finite quantities, prices, ids that are not printable, splits of thousands).
 */
import { z } from 'zod'
import { EXECUTABLE_ACTIONS, type ActionPayload } from './types'

const id = (max = 200) => z.string().min(1).max(max).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
const optionalId = z.string().max(200).regex(/^[\x21-\x7e]*$/, 'printable ASCII without spaces')
const units = z.number().finite().nonnegative().max(10_000_000)
const money = z.number().finite().max(1e12)
const isoTs = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s) && Number.isFinite(Date.parse(s)), 'must be an ISO-8601 timestamp')

const actor = z.object({ kind: z.enum(['person', 'agent', 'system']), id: z.string().max(200), name: z.string().max(200) })

export const actionPayloadSchema = z.object({
  action_id: id(),
  kind: z.enum(EXECUTABLE_ACTIONS),
  alert_id: z.string().max(200),
  sku: id(),
  location: id(),
  channel: z.string().max(50),
  supplier: optionalId,
  from_location: id().optional(),
  quantity: units,
  split: z.record(z.string().max(50), units).refine((s) => Object.keys(s).length <= 20, 'at most 20 channels').optional(),
  price: z.number().finite().positive().max(1e9).optional(),
  cost: money,
  value: money,
  rule_version: z.number().int().nonnegative(),
  approved_by: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), actor }),
    z.object({ kind: z.literal('rule'), rule_version: z.number().int().nonnegative() }),
  ]),
  created_at: isoTs,
}) satisfies z.ZodType<ActionPayload>

/** The webhook body that carries an action: `{ type: 'action.<kind>', timestamp, data }`. */
export const actionWebhookSchema = z
  .object({
    type: z.string().regex(/^action\.[a-z]+$/, "'action.<kind>'"),
    timestamp: isoTs,
    data: actionPayloadSchema,
  })
  .refine((b) => b.type === `action.${b.data.kind}`, { path: ['type'], message: "must be 'action.' followed by data.kind" })
