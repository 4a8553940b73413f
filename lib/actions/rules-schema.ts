/**
 * Validation of an approval rule set (lib/actions/rules.ts) at the API's boundary: every action
 * type, X <= Y, non-negative and finite money, a confidence floor in 0..1; a 400 names the field.
 * Apart from the rules themselves so that the inbox's bundle carries no schema library.
 */
import { z } from 'zod'
import { EXECUTABLE_ACTIONS, type ExecutableAction } from './types'

const money = z.number('must be a number').finite('must be a finite number').min(0, 'must be 0 or more').max(1e12, 'must be at most 1e12')
const actionThresholds = z
  .object({
    auto_below: money.meta({ description: 'X: below this value (money the action commits) it runs without a person' }),
    planner_up_to: money.meta({ description: 'Y: up to this value a planner approves; above it an operations manager' }),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.auto_below > t.planner_up_to) ctx.addIssue({ code: 'custom', path: ['auto_below'], message: `must be at most planner_up_to (${t.planner_up_to})` })
  })

/** Validates a rule set: every action type, X <= Y, non-negative and finite, a floor in 0..1. */
export const approvalRulesSchema = z
  .object({
    thresholds: z.object(Object.fromEntries(EXECUTABLE_ACTIONS.map((a) => [a, actionThresholds])) as Record<ExecutableAction, typeof actionThresholds>).strict(),
    confidence_floor: z.number('must be a number').min(0, 'must be 0 or more').max(1, 'must be at most 1').meta({ description: 'recommendations less confident than this (0..1) never run without a person' }),
  })
  .strict()
