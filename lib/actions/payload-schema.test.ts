import { describe, expect, it } from 'vitest'
import { actionPayloadSchema, actionWebhookSchema } from './payload-schema'
import type { ActionPayload } from './types'

const payload: ActionPayload = {
  action_id: 'act-1', kind: 'transfer', alert_id: 'al-9', sku: 'SKU-1', location: 'S01', channel: 'store', supplier: '', from_location: 'DC01',
  quantity: 12, cost: 14.5, value: 80, rule_version: 2, approved_by: { kind: 'person', actor: { kind: 'person', id: 'u1', name: 'Priya Planner' } },
  created_at: '2026-12-06T10:00:00.000Z',
}
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'))

describe('actionPayloadSchema', () => {
  it('takes an ActionPayload as the types describe it', () => {
    expect(actionPayloadSchema.parse(payload)).toEqual(payload)
    expect(actionPayloadSchema.parse({ ...payload, kind: 'markdown', price: 3.99, approved_by: { kind: 'rule', rule_version: 2 } }).price).toBe(3.99)
  })

  it('names the field it refuses', () => {
    expect(paths(actionPayloadSchema.safeParse({ ...payload, quantity: -1 }))).toEqual(['quantity'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, quantity: Number.POSITIVE_INFINITY }))).toEqual(['quantity'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, kind: 'investigate' }))).toEqual(['kind'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, sku: 'has space' }))).toEqual(['sku'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, created_at: 'yesterday' }))).toEqual(['created_at'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, price: 0 }))).toEqual(['price'])
    expect(paths(actionPayloadSchema.safeParse({ ...payload, approved_by: { kind: 'rule' } }))).toEqual(['approved_by.rule_version'])
  })

  it('wants the webhook type to say the action kind', () => {
    const body = { type: 'action.transfer', timestamp: '2026-12-06T10:00:01Z', data: payload }
    expect(actionWebhookSchema.safeParse(body).success).toBe(true)
    expect(paths(actionWebhookSchema.safeParse({ ...body, type: 'action.reorder' }))).toEqual(['type'])
    expect(paths(actionWebhookSchema.safeParse({ ...body, data: { ...payload, location: undefined } }))).toEqual(['data.location'])
  })
})
