/**
 * What the agents read, one location at a time (the tables' keys lead with location): the latest
 * policy and risk of every sku there (the sweep) and the open purchase orders there.
 */
import { z } from 'zod'
import { defineQuery } from '../query'
import { POLICY_COLUMNS, policyRow } from './planning'

const num = z.coerce.number()

/** The latest policy row of every sku at a location (the sweep; the incremental path uses latestPoliciesFor). */
export const latestPoliciesAt = defineQuery({
  name: 'agents.latest_policies_at',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies WHERE location = {location:String}
        ORDER BY sku, computed_at DESC LIMIT 1 BY sku`,
  params: z.object({ location: z.string() }),
  row: policyRow,
})

/** Purchase orders at a location not yet received in full, with what is still to come. */
export const openPurchaseOrdersAt = defineQuery({
  name: 'agents.open_pos_at',
  sql: `SELECT po_id, supplier, po_sku AS sku, ordered_qty - received_qty AS open_qty, toString(ordered_at) AS ordered_at, toString(promised_at) AS promised_at FROM (
          SELECT po_id, max(supplier) AS supplier, max(location) AS loc, max(sku) AS po_sku, max(ordered_qty) AS ordered_qty, sum(received_qty) AS received_qty,
                 max(ordered_at) AS ordered_at, max(promised_at) AS promised_at
          FROM po_lifecycle WHERE location = {location:String} OR location = '' GROUP BY po_id
        ) WHERE loc = {location:String} AND ordered_qty > received_qty
        ORDER BY po_sku, promised_at`,
  params: z.object({ location: z.string() }),
  row: z.object({ po_id: z.string(), supplier: z.string(), sku: z.string(), open_qty: num, ordered_at: z.string(), promised_at: z.string() }),
})

/** Locations with policies: what a sweep walks. */
export const policyLocations = defineQuery({
  name: 'agents.policy_locations',
  sql: `SELECT DISTINCT location FROM planning_rollup ORDER BY location`,
  params: z.object({}),
  row: z.object({ location: z.string() }),
})

/** The DC that feeds a location ('' when none): its latest `parent`. */
export const parentOf = defineQuery({
  name: 'agents.parent_of',
  sql: `SELECT argMax(parent, updated_at) AS parent FROM locations WHERE location = {location:String}`,
  params: z.object({ location: z.string() }),
  row: z.object({ parent: z.string() }),
})
